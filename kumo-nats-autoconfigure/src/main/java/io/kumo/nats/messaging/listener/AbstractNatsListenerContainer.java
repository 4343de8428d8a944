package io.kumo.nats.messaging.listener;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;

import io.nats.client.Connection;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * What every listener container has: the listener it runs, the connection it runs on, how long
 * stopping may take and whether it is running. The subclasses subscribe and stop in the way
 * their kind of subscription needs.
 */
abstract class AbstractNatsListenerContainer implements NatsListenerContainer {

	protected final NatsListenerEndpoint endpoint;

	protected final String connectionName;

	protected final Connection connection;

	protected final Duration shutdownTimeout;

	protected volatile boolean running;

	AbstractNatsListenerContainer(NatsListenerEndpoint endpoint, String connectionName, Connection connection,
			Duration shutdownTimeout) {
		this.endpoint = endpoint;
		this.connectionName = connectionName;
		this.connection = connection;
		this.shutdownTimeout = shutdownTimeout;
	}

	@Override
	public String getId() {
		return this.endpoint.id();
	}

	@Override
	public NatsListenerEndpoint getEndpoint() {
		return this.endpoint;
	}

	@Override
	public String getConnectionName() {
		return this.connectionName;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public boolean isAutoStartup() {
		return this.endpoint.autoStartup();
	}

	/**
	 * Threads named after the listener, as {@code nats-listener-<id>-<kind><n>}, that never keep
	 * the JVM alive.
	 * @param kind what the threads do, empty for those running the listener's method
	 * @return the thread factory
	 */
	ThreadFactory threadFactory(String kind) {
		CustomizableThreadFactory factory = new CustomizableThreadFactory("nats-listener-" + getId() + "-" + kind);
		factory.setDaemon(true);
		return factory;
	}

}
