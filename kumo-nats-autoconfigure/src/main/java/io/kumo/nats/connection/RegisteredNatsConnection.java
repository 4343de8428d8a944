package io.kumo.nats.connection;

import io.kumo.nats.settings.NatsConnectionSettings;
import io.nats.client.Connection;

/**
 * A live connection with the name it is registered under, where it came from, the settings it
 * was built from and its event counts.
 */
public final class RegisteredNatsConnection implements AutoCloseable {

	private final String name;

	private final NatsConnectionOrigin origin;

	private final Connection connection;

	private final NatsConnectionSettings settings;

	private final NatsConnectionEvents events;

	private final NatsConnectionRegistry registry;

	RegisteredNatsConnection(String name, NatsConnectionOrigin origin, Connection connection,
			NatsConnectionSettings settings, NatsConnectionEvents events, NatsConnectionRegistry registry) {
		this.name = name;
		this.origin = origin;
		this.connection = connection;
		this.settings = settings;
		this.events = events;
		this.registry = registry;
	}

	public String name() {
		return this.name;
	}

	public NatsConnectionOrigin origin() {
		return this.origin;
	}

	public Connection connection() {
		return this.connection;
	}

	public NatsConnectionSettings settings() {
		return this.settings;
	}

	public NatsConnectionEvents events() {
		return this.events;
	}

	/**
	 * Closes the connection and removes it from the registry, and so from health and metrics.
	 * Closing twice does nothing more.
	 */
	@Override
	public void close() {
		this.registry.remove(this);
		try {
			this.connection.close();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public String toString() {
		return "RegisteredNatsConnection[" + this.name + ", " + this.origin.tagValue() + "]";
	}

}
