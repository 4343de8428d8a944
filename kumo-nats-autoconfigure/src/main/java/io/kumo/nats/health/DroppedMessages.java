package io.kumo.nats.health;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Tells when a connection last dropped messages. jnats counts every dropped message but reports
 * a slow consumer only when it turns slow, so each health check also compares the count with the
 * one it saw before and dates the rise it finds.
 */
final class DroppedMessages {

	/**
	 * How long after the last drop seen a connection counts as dropping messages.
	 */
	static final Duration RECENT = Duration.ofMinutes(1);

	private long seen;

	private @Nullable Instant lastDrop;

	DroppedMessages(long dropped) {
		this.seen = dropped;
	}

	/**
	 * Takes in the current count and answers when messages were last seen dropped.
	 * @param dropped the connection's dropped-message count
	 * @param lastSlowConsumer when jnats last reported a slow consumer, or {@code null}
	 * @param now the time of this check
	 * @return the time of the last drop seen, or {@code null} if none since the check began
	 */
	synchronized @Nullable Instant lastDrop(long dropped, @Nullable Instant lastSlowConsumer, Instant now) {
		if (dropped > this.seen) {
			this.seen = dropped;
			this.lastDrop = now;
		}
		if (lastSlowConsumer != null && (this.lastDrop == null || lastSlowConsumer.isAfter(this.lastDrop))) {
			this.lastDrop = lastSlowConsumer;
		}
		return this.lastDrop;
	}

}
