package io.kumo.nats.connection;

/**
 * What kind of failure a jnats operation met, as {@link NatsFailures} classifies it, so that
 * callers choose their error and advice by kind rather than by jnats's message text.
 */
public enum NatsFailureKind {

	/**
	 * No server could be reached: refused, timed out or not resolvable.
	 */
	UNREACHABLE,

	/**
	 * The server refused the login.
	 */
	AUTHORIZATION,

	/**
	 * The TLS handshake failed: an untrusted or mismatched certificate, a missing client
	 * certificate, or TLS first against a server without {@code handshake_first}.
	 */
	TLS_HANDSHAKE,

	/**
	 * The client wanted TLS but the server offers none.
	 */
	TLS_NOT_OFFERED,

	/**
	 * The server requires TLS but the client did not ask for it.
	 */
	TLS_REQUIRED_BY_SERVER,

	/**
	 * No reply or acknowledgement arrived in time while the connection stayed up.
	 */
	TIMEOUT,

	/**
	 * Nothing subscribes to the subject, or no stream stores it.
	 */
	NO_RESPONDERS,

	/**
	 * The connection dropped while the operation waited.
	 */
	CONNECTION_LOST,

	/**
	 * The connection is closed.
	 */
	CLOSED,

	/**
	 * The server answered with an error, such as a JetStream API error.
	 */
	REJECTED,

	/**
	 * Anything else.
	 */
	OTHER

}
