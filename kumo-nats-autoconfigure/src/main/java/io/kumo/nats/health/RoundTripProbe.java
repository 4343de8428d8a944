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
 * Measures a connection's round trip without letting a health check wait longer than a short
 * bound: jnats's {@code RTT()} blocks for up to the connection timeout, so it runs on another
 * thread, and at most one measurement per connection is in flight however often health is asked.
 */
final class RoundTripProbe {

	private final Connection connection;

	private final Executor executor;

	private @Nullable CompletableFuture<Duration> inFlight;

	RoundTripProbe(Connection connection, Executor executor) {
		this.connection = connection;
		this.executor = executor;
	}

	/**
	 * Waits up to {@code timeout} for a round trip.
	 * @param timeout the longest wait
	 * @return the round-trip time
	 * @throws TimeoutException when the server did not answer within the timeout
	 * @throws IOException when the measurement failed
	 * @throws InterruptedException when interrupted while waiting
	 */
	Duration measure(Duration timeout) throws TimeoutException, IOException, InterruptedException {
		try {
			return start().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() instanceof UncheckedIOException unchecked) ? unchecked.getCause()
					: ex.getCause();
			throw (cause instanceof IOException io) ? io : new IOException(String.valueOf(cause), cause);
		}
	}

	private synchronized CompletableFuture<Duration> start() {
		CompletableFuture<Duration> current = this.inFlight;
		if (current == null || current.isDone()) {
			current = CompletableFuture.supplyAsync(this::roundTrip, this.executor);
			this.inFlight = current;
		}
		return current;
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
