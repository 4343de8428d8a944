package io.kumo.nats.connection;

import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

import io.kumo.nats.settings.NatsConnectionSettings;
import io.nats.client.Connection;
import org.jspecify.annotations.Nullable;

/**
 * Connections their owner closed, kept open for a while so that the next connect with equal
 * settings reuses the socket instead of opening one. Scripts in KumoMTA's style connect, publish
 * and close for every message; for them a closed client is closed, while the server keeps seeing
 * one connection. An idle connection is closed once it has lingered longer than allowed, when the
 * pool is next used, and at the latest when the pool closes.
 */
public final class IdleNatsConnections implements AutoCloseable {

	private final Duration linger;

	private final int maxPerSettings;

	private final Map<NatsConnectionSettings, Deque<Idle>> idle = new ConcurrentHashMap<>();

	private volatile boolean closed;

	/**
	 * Creates a pool.
	 * @param linger how long a closed connection stays open for reuse; zero closes at once
	 * @param maxPerSettings how many idle connections to keep for equal settings
	 */
	public IdleNatsConnections(Duration linger, int maxPerSettings) {
		this.linger = linger;
		this.maxPerSettings = maxPerSettings;
	}

	boolean park(RegisteredNatsConnection registered) {
		evictExpired();
		Connection connection = registered.connection();
		if (this.closed || this.linger.isZero() || connection.getStatus() != Connection.Status.CONNECTED) {
			return false;
		}
		Deque<Idle> queue = this.idle.computeIfAbsent(registered.settings(), (settings) -> new ConcurrentLinkedDeque<>());
		if (queue.size() >= this.maxPerSettings) {
			return false;
		}
		registered.events().parked(true);
		queue.push(new Idle(connection, registered.events(), System.nanoTime()));
		return !(this.closed && queue.removeIf((entry) -> entry.connection() == connection));
	}

	@Nullable Idle take(NatsConnectionSettings settings) {
		evictExpired();
		Deque<Idle> queue = this.idle.get(settings);
		for (Idle entry = (queue != null) ? queue.poll() : null; entry != null; entry = queue.poll()) {
			if (entry.connection().getStatus() == Connection.Status.CONNECTED) {
				entry.events().parked(false);
				return entry;
			}
			close(entry.connection());
		}
		return null;
	}

	/**
	 * Closes every idle connection; later closes close at once.
	 */
	@Override
	public void close() {
		this.closed = true;
		this.idle.values().forEach((queue) -> {
			for (Idle entry = queue.poll(); entry != null; entry = queue.poll()) {
				close(entry.connection());
			}
		});
	}

	private void evictExpired() {
		long now = System.nanoTime();
		this.idle.values()
			.forEach((queue) -> queue.removeIf((entry) -> now - entry.since() > this.linger.toNanos()
					&& close(entry.connection())));
	}

	private static boolean close(Connection connection) {
		try {
			connection.close();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return true;
	}

	record Idle(Connection connection, NatsConnectionEvents events, long since) {
	}

}
