package io.kumo.nats.connection;

import java.util.List;

import io.kumo.nats.settings.RedactedUrls;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a connection cannot be opened: the server is unreachable, refuses the login or
 * the TLS handshake fails. The message names the connection and its servers, without
 * credentials.
 */
public class NatsConnectException extends RuntimeException {

	private final String connectionName;

	private final List<String> servers;

	private final NatsFailureKind kind;

	NatsConnectException(String connectionName, List<String> servers, NatsFailureKind kind, Throwable cause,
			@Nullable String lastError) {
		super("NATS connection '" + connectionName + "' could not connect to "
				+ RedactedUrls.redact(servers.toString()) + ": " + describe(cause, lastError), cause);
		this.connectionName = connectionName;
		this.servers = servers.stream().map(RedactedUrls::redact).toList();
		this.kind = kind;
	}

	public String getConnectionName() {
		return this.connectionName;
	}

	/**
	 * The servers that were tried, without credentials.
	 * @return the server URLs
	 */
	public List<String> getServers() {
		return this.servers;
	}

	/**
	 * Why the connection could not be opened, as jnats's exception types and the server's INFO
	 * tell it.
	 * @return the kind of failure
	 */
	public NatsFailureKind getKind() {
		return this.kind;
	}

	private static String describe(Throwable cause, @Nullable String lastError) {
		String description = describe(cause);
		return (lastError == null || description.contains(lastError)) ? description
				: description + " (last error: " + lastError + ")";
	}

	private static String describe(Throwable cause) {
		StringBuilder description = new StringBuilder();
		for (Throwable current = cause; current != null; current = current.getCause()) {
			if (current.getMessage() != null && description.indexOf(current.getMessage()) < 0) {
				description.append((description.length() > 0) ? "; " : "").append(current.getMessage());
			}
		}
		return RedactedUrls.redact((description.length() > 0) ? description.toString() : cause.getClass().getName());
	}

}
