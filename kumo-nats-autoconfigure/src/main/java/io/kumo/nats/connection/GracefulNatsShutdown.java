package io.kumo.nats.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.nats.client.Connection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;

/**
 * Stops every connection of a registry in order, within one time budget: new JetStream publishes
 * and connects are refused, publishes in flight get their acknowledgements, subscriptions are
 * drained, and then the connections close. A publish is so either acknowledged, refused before it
 * was sent, or reported with an unknown outcome, never failed after it was stored.
 */
public final class GracefulNatsShutdown {

	private static final Log logger = LogFactory.getLog(GracefulNatsShutdown.class);

	private final NatsConnectionRegistry registry;

	private final Duration timeout;

	/**
	 * Creates the shutdown of a registry's connections.
	 * @param registry the registry of live connections
	 * @param timeout how long waiting for publishes and draining may take together
	 */
	public GracefulNatsShutdown(NatsConnectionRegistry registry, Duration timeout) {
		this.registry = registry;
		this.timeout = timeout;
	}

	/**
	 * Runs the shutdown; the connections are closed when it returns, also when interrupted.
	 */
	public void run() {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		this.registry.stopPublishing();
		try {
			awaitPublishes(deadline);
			drain(deadline);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.registry.close();
		}
	}

	private void awaitPublishes(long deadline) throws InterruptedException {
		for (RegisteredNatsConnection connection : this.registry.connections()) {
			if (!connection.awaitPublishes(deadline)) {
				logger.warn(LogMessage.format(
						"NATS connection '%s': %d JetStream publishes still waited for their ack after %d ms; "
								+ "their outcome is reported as unknown",
						connection.name(), connection.publishesInFlight(), this.timeout.toMillis()));
			}
		}
	}

	private void drain(long deadline) throws InterruptedException {
		List<CompletableFuture<Boolean>> draining = new ArrayList<>();
		for (RegisteredNatsConnection connection : this.registry.connections()) {
			CompletableFuture<Boolean> drained = startDrain(connection.connection(), remaining(deadline));
			if (drained != null) {
				draining.add(drained);
			}
		}
		for (CompletableFuture<Boolean> drained : draining) {
			try {
				drained.get(remaining(deadline).toNanos(), TimeUnit.NANOSECONDS);
			}
			catch (ExecutionException | TimeoutException ex) {
				logger.debug("NATS connection did not drain in time; closing it", ex);
			}
		}
	}

	private static @Nullable CompletableFuture<Boolean> startDrain(Connection connection, Duration timeout)
			throws InterruptedException {
		if (connection.getStatus() != Connection.Status.CONNECTED || timeout.isZero()) {
			return null;
		}
		try {
			return connection.drain(timeout);
		}
		catch (TimeoutException | IllegalStateException ex) {
			return null;
		}
	}

	private static Duration remaining(long deadline) {
		return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
	}

}
