package io.kumo.nats.health;

import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import io.kumo.nats.jetstream.ConsumerPendingCounts;
import io.kumo.nats.messaging.listener.JetStreamListenerContainer;
import io.kumo.nats.messaging.listener.NatsListenerEndpointRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code natsConsumers} health contributor: one {@link NatsConsumerHealthIndicator} per
 * JetStream listener in the registry, keyed by listener id. It is apart from the connections'
 * {@code nats} contributor because a stalled consumer says nothing of its connection, and so
 * that a health group can include one without the other.
 */
public final class NatsConsumersHealthContributor implements CompositeHealthContributor {

	private final NatsListenerEndpointRegistry listeners;

	private final ConsumerPendingCounts pendingCounts;

	private final Duration stalledAfter;

	private final Status stalledStatus;

	/**
	 * Creates a new instance.
	 * @param listeners the registry of the listeners
	 * @param pendingCounts the consumers' pending counts
	 * @param stalledAfter how long a running listener with pending messages may go without a
	 * delivery before it counts as stalled
	 * @param stalledStatus the status of a stalled listener
	 */
	public NatsConsumersHealthContributor(NatsListenerEndpointRegistry listeners, ConsumerPendingCounts pendingCounts,
			Duration stalledAfter, Status stalledStatus) {
		this.listeners = listeners;
		this.pendingCounts = pendingCounts;
		this.stalledAfter = stalledAfter;
		this.stalledStatus = stalledStatus;
	}

	@Override
	public @Nullable HealthContributor getContributor(String name) {
		return (this.listeners.getListenerContainer(name) instanceof JetStreamListenerContainer container)
				? indicator(container) : null;
	}

	@Override
	public Stream<Entry> stream() {
		return this.listeners.getListenerContainers()
			.stream()
			.filter(JetStreamListenerContainer.class::isInstance)
			.map(JetStreamListenerContainer.class::cast)
			.sorted(Comparator.comparing(JetStreamListenerContainer::getId))
			.map((container) -> new Entry(container.getId(), indicator(container)));
	}

	private NatsConsumerHealthIndicator indicator(JetStreamListenerContainer container) {
		return new NatsConsumerHealthIndicator(container, this.pendingCounts, this.stalledAfter, this.stalledStatus);
	}

}
