package io.kumo.nats.jetstream;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.connection.RegisteredNatsConnection;
import io.nats.client.Connection;
import io.nats.client.api.ConsumerInfo;
import org.jspecify.annotations.Nullable;

/**
 * The pending and ack-pending counts of JetStream consumers, read from the server's consumer
 * info at most once per refresh interval for each consumer, however often health checks and
 * scrapes ask. A failed read keeps the last counts and never throws: it is remembered, and the
 * next read waits for the next interval too.
 */
public final class ConsumerPendingCounts {

	private final NatsConnectionRegistry connections;

	private final Duration refresh;

	private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

	/**
	 * Creates a new instance.
	 * @param connections the connections the consumers are read on, by name
	 * @param refresh the shortest time between two reads of one consumer's info
	 */
	public ConsumerPendingCounts(NatsConnectionRegistry connections, Duration refresh) {
		this.connections = connections;
		this.refresh = refresh;
	}

	/**
	 * Returns the latest counts of a consumer, reading them from the server first when the last
	 * read is older than the refresh interval.
	 * @param connection the name of the connection
	 * @param stream the stream
	 * @param consumer the consumer
	 * @return the counts, with the error of the last read if it failed
	 */
	public Counts get(String connection, String stream, String consumer) {
		Key key = new Key(connection, stream, consumer);
		return this.entries.computeIfAbsent(key, (added) -> new Entry()).get(key);
	}

	private ConsumerInfo read(Key key) throws Exception {
		Optional<RegisteredNatsConnection> registered = this.connections.find(key.connection());
		if (registered.isEmpty()) {
			throw new IllegalStateException("no connection named '" + key.connection() + "'");
		}
		Connection connection = registered.get().connection();
		if (connection.getStatus() != Connection.Status.CONNECTED) {
			throw new IllegalStateException("connection '" + key.connection() + "' is " + connection.getStatus());
		}
		return connection.jetStreamManagement().getConsumerInfo(key.stream(), key.consumer());
	}

	/**
	 * What was last read of a consumer.
	 *
	 * @param pending messages in the stream not yet delivered to the consumer, or {@code null}
	 * when never read
	 * @param ackPending messages delivered and not yet acknowledged, or {@code null} when never
	 * read
	 * @param readAt when the counts were read, or {@code null} when never read
	 * @param error why the last read failed, or {@code null} when it succeeded
	 */
	public record Counts(@Nullable Long pending, @Nullable Long ackPending, @Nullable Instant readAt,
			@Nullable String error) {

		static final Counts NONE = new Counts(null, null, null, null);

	}

	private record Key(String connection, String stream, String consumer) {
	}

	private final class Entry {

		private Counts counts = Counts.NONE;

		private long lastAttempt;

		private boolean attempted;

		synchronized Counts get(Key key) {
			long now = System.nanoTime();
			if (!this.attempted || now - this.lastAttempt >= ConsumerPendingCounts.this.refresh.toNanos()) {
				this.attempted = true;
				this.lastAttempt = now;
				this.counts = refreshed(key);
			}
			return this.counts;
		}

		private Counts refreshed(Key key) {
			try {
				ConsumerInfo info = read(key);
				return new Counts(info.getNumPending(), info.getNumAckPending(), Instant.now(), null);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return failed("interrupted");
			}
			catch (Exception ex) {
				return failed(ex.getClass().getSimpleName() + ": " + ex.getMessage());
			}
		}

		private Counts failed(String error) {
			return new Counts(this.counts.pending(), this.counts.ackPending(), this.counts.readAt(), error);
		}

	}

}
