package io.kumo.nats.connection;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.kumo.nats.settings.NatsConnectionSettings;
import io.nats.client.Connection;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Connections their owner closed, kept open for a while so that the next connect with equal
 * settings reuses the socket instead of opening one. Scripts in KumoMTA's style connect, publish
 * and close for every message; for them a closed client is closed, while the server keeps seeing
 * one connection. The pool is bounded per settings and in total, the oldest idle connection
 * making way for a newer one; a timer closes each idle connection once it has lingered longer
 * than allowed, whether or not the pool is used again. The timer's thread runs only while
 * connections wait, and stops when the pool closes.
 */
public final class IdleNatsConnections implements AutoCloseable {

	private static final Duration TIMER_KEEP_ALIVE = Duration.ofSeconds(1);

	private final Duration linger;

	private final int maxPerSettings;

	private final int maxTotal;

	private final Map<NatsConnectionSettings, Deque<Idle>> idle = new HashMap<>();

	private final ScheduledThreadPoolExecutor timer;

	private int total;

	private @Nullable ScheduledFuture<?> eviction;

	private boolean closed;

	/**
	 * Creates a pool.
	 * @param linger how long a closed connection stays open for reuse; zero closes at once
	 * @param maxPerSettings how many idle connections to keep for equal settings
	 * @param maxTotal how many idle connections to keep in all
	 */
	public IdleNatsConnections(Duration linger, int maxPerSettings, int maxTotal) {
		if (linger.isNegative()) {
			throw new IllegalArgumentException("connection-linger must be zero (close at once) or positive");
		}
		if (maxPerSettings < 0 || maxTotal < 0) {
			throw new IllegalArgumentException("idle-connections-per-settings and idle-connections must be "
					+ "zero (no reuse) or positive");
		}
		this.linger = linger;
		this.maxPerSettings = maxPerSettings;
		this.maxTotal = maxTotal;
		CustomizableThreadFactory threads = new CustomizableThreadFactory("kumo-nats-idle-connections-");
		threads.setDaemon(true);
		this.timer = new ScheduledThreadPoolExecutor(1, threads);
		this.timer.setKeepAliveTime(TIMER_KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
		this.timer.allowCoreThreadTimeOut(true);
		this.timer.setRemoveOnCancelPolicy(true);
	}

	boolean park(RegisteredNatsConnection registered) {
		Connection connection = registered.connection();
		if (this.linger.isZero() || this.maxPerSettings == 0 || this.maxTotal == 0
				|| connection.getStatus() != Connection.Status.CONNECTED) {
			return false;
		}
		List<Connection> evicted = new ArrayList<>();
		synchronized (this) {
			if (this.closed) {
				return false;
			}
			Deque<Idle> queue = this.idle.computeIfAbsent(registered.settings(), (settings) -> new ArrayDeque<>());
			if (queue.size() >= this.maxPerSettings) {
				evicted.add(removeOldest(queue));
			}
			else if (this.total >= this.maxTotal) {
				evicted.add(removeOldest(oldestQueue()));
				this.idle.values().removeIf((other) -> other != queue && other.isEmpty());
			}
			registered.events().parked(true);
			queue.push(new Idle(connection, registered.events(), System.nanoTime()));
			this.total++;
			scheduleEviction(this.linger);
		}
		evicted.forEach(IdleNatsConnections::close);
		return true;
	}

	@Nullable Idle take(NatsConnectionSettings settings) {
		long now = System.nanoTime();
		List<Connection> unusable = new ArrayList<>();
		Idle found = null;
		synchronized (this) {
			Deque<Idle> queue = this.idle.get(settings);
			while (found == null && queue != null && !queue.isEmpty()) {
				Idle entry = queue.pop();
				this.total--;
				if (isExpired(entry, now) || entry.connection().getStatus() != Connection.Status.CONNECTED) {
					unusable.add(entry.connection());
				}
				else {
					found = entry;
				}
			}
			if (queue != null && queue.isEmpty()) {
				this.idle.remove(settings);
			}
		}
		unusable.forEach(IdleNatsConnections::close);
		if (found != null) {
			found.events().parked(false);
		}
		return found;
	}

	/**
	 * The number of connections waiting for reuse.
	 * @return the number of idle connections
	 */
	public synchronized int size() {
		return this.total;
	}

	/**
	 * Closes every idle connection and stops the timer; later closes close at once.
	 */
	@Override
	public void close() {
		List<Connection> all = new ArrayList<>();
		synchronized (this) {
			this.closed = true;
			this.idle.values().forEach((queue) -> queue.forEach((entry) -> all.add(entry.connection())));
			this.idle.clear();
			this.total = 0;
		}
		this.timer.shutdownNow();
		all.forEach(IdleNatsConnections::close);
	}

	private void evictExpired() {
		long now = System.nanoTime();
		List<Connection> expired = new ArrayList<>();
		synchronized (this) {
			this.eviction = null;
			long oldest = Long.MAX_VALUE;
			for (Iterator<Deque<Idle>> queues = this.idle.values().iterator(); queues.hasNext();) {
				Deque<Idle> queue = queues.next();
				while (!queue.isEmpty() && isExpired(queue.peekLast(), now)) {
					expired.add(queue.removeLast().connection());
					this.total--;
				}
				if (queue.isEmpty()) {
					queues.remove();
				}
				else {
					oldest = Math.min(oldest, queue.peekLast().since());
				}
			}
			if (oldest != Long.MAX_VALUE) {
				scheduleEviction(Duration.ofNanos(Math.max(0, oldest + this.linger.toNanos() - now)));
			}
		}
		expired.forEach(IdleNatsConnections::close);
	}

	private void scheduleEviction(Duration delay) {
		if (this.eviction == null && !this.closed) {
			this.eviction = this.timer.schedule(this::evictExpired, delay.toNanos() + 1, TimeUnit.NANOSECONDS);
		}
	}

	private Deque<Idle> oldestQueue() {
		return this.idle.values()
			.stream()
			.filter((queue) -> !queue.isEmpty())
			.min(Comparator.comparingLong((Deque<Idle> queue) -> queue.getLast().since()))
			.orElseThrow();
	}

	private Connection removeOldest(Deque<Idle> queue) {
		this.total--;
		return queue.removeLast().connection();
	}

	private boolean isExpired(Idle entry, long now) {
		return now - entry.since() >= this.linger.toNanos();
	}

	private static void close(Connection connection) {
		try {
			connection.close();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	record Idle(Connection connection, NatsConnectionEvents events, long since) {
	}

}
