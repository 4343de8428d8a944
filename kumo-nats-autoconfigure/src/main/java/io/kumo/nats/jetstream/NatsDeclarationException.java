package io.kumo.nats.jetstream;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when the server refuses a declared stream, consumer or key-value bucket, such
 * as subjects that overlap another stream's or a change the server cannot make to an existing
 * stream. It names the declaration, what declared it and the setting the server's error is about
 * when that can be told.
 */
public class NatsDeclarationException extends IllegalStateException {

	private final String connectionName;

	private final JetStreamDeclarationKind kind;

	private final String name;

	private final String source;

	private final @Nullable String setting;

	private final String serverError;

	NatsDeclarationException(String connectionName, JetStreamDeclarationKind kind, String name, String source,
			@Nullable String setting, String serverError, Throwable cause) {
		super("NATS connection '" + connectionName + "' could not declare " + kind.description() + " '" + name
				+ "' (declared by " + source + "): " + serverError, cause);
		this.connectionName = connectionName;
		this.kind = kind;
		this.name = name;
		this.source = source;
		this.setting = setting;
		this.serverError = serverError;
	}

	public String getConnectionName() {
		return this.connectionName;
	}

	public JetStreamDeclarationKind getKind() {
		return this.kind;
	}

	/**
	 * The name of the stream, consumer or bucket.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * What declared it: a property prefix such as
	 * {@code kumo.nats.connections.orders.jetstream.streams.ORDERS}, or a bean such as
	 * {@code bean 'ordersStream'}.
	 * @return the source
	 */
	public String getSource() {
		return this.source;
	}

	/**
	 * The setting the server's error is about, as the declaration properties name it, such as
	 * {@code subjects}.
	 * @return the setting, or {@code null} when the error does not tell
	 */
	public @Nullable String getSetting() {
		return this.setting;
	}

	/**
	 * The server's error, or jnats's when jnats refused the configuration before sending it.
	 * @return the error text
	 */
	public String getServerError() {
		return this.serverError;
	}

}
