package io.kumo.nats.connection;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One holder's hold on a connection that {@link SharedNatsConnections} shares between holders:
 * closing the lease lets go of the connection, which closes only when its last holder lets go.
 */
public final class NatsConnectionLease implements AutoCloseable {

	private final RegisteredNatsConnection connection;

	private final Runnable release;

	private final AtomicBoolean closed = new AtomicBoolean();

	NatsConnectionLease(RegisteredNatsConnection connection, Runnable release) {
		this.connection = connection;
		this.release = release;
	}

	/**
	 * The shared connection, live while this lease is open unless something else closed it.
	 * @return the connection
	 */
	public RegisteredNatsConnection connection() {
		return this.connection;
	}

	/**
	 * Lets go of the connection. Closing twice does nothing more.
	 */
	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.release.run();
		}
	}

}
