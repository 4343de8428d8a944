package io.kumo.nats.health;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.nats.client.Connection;
import org.jspecify.annotations.Nullable;

/**
 * Measures a connection's round trip without letting a health check wait: jnats's {@code RTT()}
 * blocks for up to the connection timeout, so it runs on another thread, at most one per
 * connection at a time and at most once per {@link #REFRESH}. Once a measurement has completed,
 * checks answer at once with the latest one while the next is taken in the background; only the
 * first check waits, and no longer than its timeout. A reconnect makes every earlier measurement
 * stale: the next check starts a fresh one at once and waits for it like a first check, so a
 * round trip from before an outage or from another server is never reported.
 */
final class RoundTripProbe {

	static final Duration REFRESH = Duration.ofSeconds(1);

	private final Connection connection;

	private final Executor executor;

	private @Nullable CompletableFuture<Measurement> latest;

	private @Nullable CompletableFuture<Measurement> completed;

	private long latestStart;

	private long reconnects;

	RoundTripProbe(Connection connection, Executor executor) {
		this.connection = connection;
		this.executor = executor;
	}

	/**
	 * The latest round trip, waiting up to {@code timeout} only when none has completed since the
	 * connection was last established.
	 * @param timeout the longest wait
	 * @return the round-trip time and when it was taken
	 * @throws TimeoutException when the server did not answer within the timeout
	 * @throws IOException when the measurement failed
	 * @throws InterruptedException when interrupted while waiting
	 */
	Measurement measure(Duration timeout) throws TimeoutException, IOException, InterruptedException {
		try {
			return answer().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() instanceof UncheckedIOException unchecked) ? unchecked.getCause()
					: ex.getCause();
			throw (cause instanceof IOException io) ? io : new IOException(String.valueOf(cause), cause);
		}
	}

	private synchronized CompletableFuture<Measurement> answer() {
		long now = System.nanoTime();
		long reconnectsNow = this.connection.getStatistics().getReconnects();
		if (reconnectsNow != this.reconnects) {
			this.reconnects = reconnectsNow;
			this.latest = null;
			this.completed = null;
		}
		if (this.latest != null && this.latest.isDone()) {
			this.completed = this.latest;
		}
		if (this.latest == null || (this.latest.isDone() && now - this.latestStart > REFRESH.toNanos())) {
			this.latest = CompletableFuture.supplyAsync(this::roundTrip, this.executor);
			this.latestStart = now;
		}
		return (this.completed != null) ? this.completed : this.latest;
	}

	private Measurement roundTrip() {
		try {
			return new Measurement(this.connection.RTT(), Instant.now());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * One round trip.
	 *
	 * @param roundTrip how long the server took to answer a ping
	 * @param at when the answer arrived
	 */
	record Measurement(Duration roundTrip, Instant at) {
	}

}
