package io.kumo.nats.health;

import java.time.Duration;

import io.kumo.nats.jetstream.ConsumerPendingCounts;
import io.kumo.nats.messaging.listener.JetStreamListenerActivity;
import io.kumo.nats.messaging.listener.JetStreamListenerContainer;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of one JetStream listener's consumer: {@code UP}, or a chosen status while it is
 * stalled, that is running with messages pending on the server and no delivery for longer than
 * a chosen time. A stopped listener is not stalled: it was stopped on purpose. The pending counts
 * come from {@link ConsumerPendingCounts}, so a check asks the server at most once per refresh
 * interval; until they were read once, the consumer cannot be told stalled.
 */
public final class NatsConsumerHealthIndicator extends AbstractHealthIndicator {

	private final JetStreamListenerContainer container;

	private final ConsumerPendingCounts pendingCounts;

	private final Duration stalledAfter;

	private final Status stalledStatus;

	/**
	 * Creates an indicator for one listener.
	 * @param container the listener's container
	 * @param pendingCounts the consumers' pending counts
	 * @param stalledAfter how long a running listener with pending messages may go without a
	 * delivery before it counts as stalled
	 * @param stalledStatus the status of a stalled listener
	 */
	public NatsConsumerHealthIndicator(JetStreamListenerContainer container, ConsumerPendingCounts pendingCounts,
			Duration stalledAfter, Status stalledStatus) {
		super("NATS consumer health check failed");
		this.container = container;
		this.pendingCounts = pendingCounts;
		this.stalledAfter = stalledAfter;
		this.stalledStatus = stalledStatus;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		JetStreamListenerActivity activity = this.container.getActivity();
		Duration sinceLastDelivery = activity.sinceLastDelivery();
		ConsumerPendingCounts.Counts counts = this.pendingCounts.get(this.container.getConnectionName(),
				this.container.getStream(), this.container.getConsumer());
		Long pending = counts.pending();
		boolean running = this.container.isRunning();
		boolean stalled = running && pending != null && pending > 0 && sinceLastDelivery.compareTo(this.stalledAfter) > 0;
		builder.status(stalled ? this.stalledStatus : Status.UP)
			.withDetail("connection", this.container.getConnectionName())
			.withDetail("stream", this.container.getStream())
			.withDetail("consumer", this.container.getConsumer())
			.withDetail("running", running)
			.withDetail("stalled", stalled)
			.withDetail("delivered", activity.getDelivered())
			.withDetail("redelivered", activity.getRedelivered())
			.withDetail("acked", activity.getAcked())
			.withDetail("naked", activity.getNaked())
			.withDetail("terminated", activity.getTerminated())
			.withDetail("deadLettered", activity.getDeadLettered())
			.withDetail("lastDeliveryAgo", sinceLastDelivery.toString());
		if (pending != null) {
			builder.withDetail("pending", pending);
		}
		if (counts.ackPending() != null) {
			builder.withDetail("ackPending", counts.ackPending());
		}
		if (counts.readAt() != null) {
			builder.withDetail("pendingReadAt", counts.readAt().toString());
		}
		if (counts.error() != null) {
			builder.withDetail("pendingError", counts.error());
		}
	}

}
