package io.kumo.nats.health;

import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.connection.RegisteredNatsConnection;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code nats} health contributor: one {@link NatsHealthIndicator} per connection in the
 * registry, keyed by connection name. It follows the registry, so connections a script opens or
 * closes appear and leave without a restart.
 */
public final class NatsHealthContributor
		implements CompositeHealthContributor, NatsConnectionRegistry.Listener, AutoCloseable {

	private final Map<String, NatsHealthIndicator> indicators = new ConcurrentHashMap<>();

	private final Status reconnectingStatus;

	private final Status droppingStatus;

	private final Duration roundTripTimeout;

	private final ExecutorService executor = Executors.newCachedThreadPool(new ProbeThreads());

	/**
	 * Creates a contributor; {@link NatsConnectionRegistry#addListener add it} to a registry to
	 * fill it.
	 * @param reconnectingStatus the status of a connection while disconnected, connecting or
	 * reconnecting
	 * @param droppingStatus the status of a connection while connected and dropping messages
	 * @param roundTripTimeout how long a health check waits for the server's answer to a ping
	 */
	public NatsHealthContributor(Status reconnectingStatus, Status droppingStatus, Duration roundTripTimeout) {
		this.reconnectingStatus = reconnectingStatus;
		this.droppingStatus = droppingStatus;
		this.roundTripTimeout = roundTripTimeout;
	}

	@Override
	public void registered(RegisteredNatsConnection connection) {
		this.indicators.put(connection.name(),
				new NatsHealthIndicator(connection, this.reconnectingStatus, this.droppingStatus, this.roundTripTimeout,
						this.executor));
	}

	@Override
	public void removed(RegisteredNatsConnection connection) {
		this.indicators.computeIfPresent(connection.name(),
				(name, indicator) -> indicator.watches(connection) ? null : indicator);
	}

	@Override
	public @Nullable HealthContributor getContributor(String name) {
		return this.indicators.get(name);
	}

	@Override
	public Stream<Entry> stream() {
		return this.indicators.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
			.map((entry) -> new Entry(entry.getKey(), entry.getValue()));
	}

	/**
	 * Stops the threads that measure round trips.
	 */
	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	private static final class ProbeThreads implements ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, "nats-health-rtt-" + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
