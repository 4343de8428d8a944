package io.kumo.nats.health;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
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
 * first check waits, and no longer than its timeout.
 */
final class RoundTripProbe {

	static final Duration REFRESH = Duration.ofSeconds(1);

	private final Connection connection;

	private final Executor executor;

	private @Nullable CompletableFuture<Duration> latest;

	private @Nullable CompletableFuture<Duration> completed;

	private long latestStart;

	RoundTripProbe(Connection connection, Executor executor) {
		this.connection = connection;
		this.executor = executor;
	}

	/**
	 * The latest round trip, waiting up to {@code timeout} only when none has completed yet.
	 * @param timeout the longest wait
	 * @return the round-trip time
	 * @throws TimeoutException when the server did not answer within the timeout
	 * @throws IOException when the measurement failed
	 * @throws InterruptedException when interrupted while waiting
	 */
	Duration measure(Duration timeout) throws TimeoutException, IOException, InterruptedException {
		try {
			return answer().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() instanceof UncheckedIOException unchecked) ? unchecked.getCause()
					: ex.getCause();
			throw (cause instanceof IOException io) ? io : new IOException(String.valueOf(cause), cause);
		}
	}

	private synchronized CompletableFuture<Duration> answer() {
		long now = System.nanoTime();
		if (this.latest != null && this.latest.isDone()) {
			this.completed = this.latest;
		}
		if (this.latest == null || (this.latest.isDone() && now - this.latestStart > REFRESH.toNanos())) {
			this.latest = CompletableFuture.supplyAsync(this::roundTrip, this.executor);
			this.latestStart = now;
		}
		return (this.completed != null) ? this.completed : this.latest;
	}

	private Duration roundTrip() {
		try {
			return this.connection.RTT();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
