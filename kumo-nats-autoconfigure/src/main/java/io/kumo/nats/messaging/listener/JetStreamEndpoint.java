package io.kumo.nats.messaging.listener;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What a listener on a JetStream consumer consumes and how it retries: the stream, the durable
 * consumer or an ordered one, and the failure path.
 *
 * @param stream the stream name
 * @param durable the durable consumer name, {@code null} for an ordered consumer
 * @param maxDeliveries after how many failed deliveries a message is terminated, {@code 0} for the
 * consumer's own {@code max-deliver}
 * @param backoff the delays before a redelivery, by delivery count, the last one repeated
 * @param deadLetterSubject where a terminated message is published first, or {@code null}
 */
public record JetStreamEndpoint(String stream, @Nullable String durable, int maxDeliveries, List<Duration> backoff,
		@Nullable String deadLetterSubject) {

	/**
	 * Checks the settings.
	 */
	public JetStreamEndpoint {
		Assert.hasText(stream, "stream must not be empty");
		Assert.isTrue(maxDeliveries >= 0, "maxDeliveries must not be negative");
		backoff = List.copyOf(backoff);
	}

	/**
	 * Returns whether the listener replays the stream through an ordered consumer.
	 * @return {@code true} when there is no durable consumer
	 */
	public boolean ordered() {
		return this.durable == null;
	}

	/**
	 * Returns the delay before a message delivered that many times is delivered again.
	 * @param deliveredCount how many times the message was delivered
	 * @return the delay, zero when there is no backoff
	 */
	Duration delayAfter(long deliveredCount) {
		if (this.backoff.isEmpty()) {
			return Duration.ZERO;
		}
		int index = (int) Math.min(Math.max(deliveredCount - 1, 0), this.backoff.size() - 1);
		return this.backoff.get(index);
	}

}
