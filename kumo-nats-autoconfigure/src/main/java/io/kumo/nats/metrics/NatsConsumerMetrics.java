package io.kumo.nats.metrics;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import io.kumo.nats.jetstream.ConsumerPendingCounts;
import io.kumo.nats.messaging.listener.JetStreamListenerActivity;
import io.kumo.nats.messaging.listener.JetStreamListenerContainer;
import io.kumo.nats.messaging.listener.NatsListenerContainer;
import io.kumo.nats.messaging.listener.NatsListenerEndpointRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Binds the meters of every JetStream listener: counters over what the listener did, and gauges
 * of its consumer's pending and ack-pending counts, which come from
 * {@link ConsumerPendingCounts} and so ask the server at most once per refresh interval. The
 * listeners are registered once all singletons exist, so meters are bound again when the
 * listeners start, for those not bound yet.
 */
public final class NatsConsumerMetrics implements MeterBinder, SmartLifecycle {

	private static final String MESSAGES = "messages";

	private final NatsListenerEndpointRegistry listeners;

	private final ConsumerPendingCounts pendingCounts;

	private final Map<MeterRegistry, Set<JetStreamListenerContainer>> bound = new ConcurrentHashMap<>();

	private volatile boolean running;

	/**
	 * Creates a new instance.
	 * @param listeners the registry of the listeners
	 * @param pendingCounts the consumers' pending counts
	 */
	public NatsConsumerMetrics(NatsListenerEndpointRegistry listeners, ConsumerPendingCounts pendingCounts) {
		this.listeners = listeners;
		this.pendingCounts = pendingCounts;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.bound.putIfAbsent(registry, ConcurrentHashMap.newKeySet());
		bindListeners();
	}

	/**
	 * Binds the meters of the listeners registered since the last binding.
	 */
	@Override
	public void start() {
		bindListeners();
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Starts after the listener containers, so that every listener is registered.
	 */
	@Override
	public int getPhase() {
		return NatsListenerContainer.PHASE + 1;
	}

	private void bindListeners() {
		for (NatsListenerContainer container : this.listeners.getListenerContainers()) {
			if (container instanceof JetStreamListenerContainer jetStream) {
				this.bound.forEach((registry, containers) -> {
					if (containers.add(jetStream)) {
						bind(jetStream, registry);
					}
				});
			}
		}
	}

	private void bind(JetStreamListenerContainer container, MeterRegistry registry) {
		Tags tags = Tags.of("connection", container.getConnectionName(), "stream", container.getStream(), "consumer",
				container.getConsumer(), "listener", container.getId());
		counter(registry, container, tags, "nats.consumer.delivered", "Messages delivered to the listener",
				JetStreamListenerActivity::getDelivered);
		counter(registry, container, tags, "nats.consumer.redelivered",
				"Messages delivered to the listener that the server had delivered before",
				JetStreamListenerActivity::getRedelivered);
		counter(registry, container, tags, "nats.consumer.acked", "Messages acknowledged",
				JetStreamListenerActivity::getAcked);
		counter(registry, container, tags, "nats.consumer.naked", "Messages handed back for redelivery",
				JetStreamListenerActivity::getNaked);
		counter(registry, container, tags, "nats.consumer.terminated", "Messages terminated, never delivered again",
				JetStreamListenerActivity::getTerminated);
		counter(registry, container, tags, "nats.consumer.dead.lettered",
				"Messages published to the dead-letter subject", JetStreamListenerActivity::getDeadLettered);
		gauge(registry, container, tags, "nats.consumer.pending",
				"Messages in the stream not yet delivered to the consumer", ConsumerPendingCounts.Counts::pending);
		gauge(registry, container, tags, "nats.consumer.ack.pending",
				"Messages delivered to the consumer and not yet acknowledged", ConsumerPendingCounts.Counts::ackPending);
	}

	private static void counter(MeterRegistry registry, JetStreamListenerContainer container, Tags tags, String name,
			String description, ToLongFunction<JetStreamListenerActivity> count) {
		FunctionCounter.builder(name, container, (listener) -> count.applyAsLong(listener.getActivity()))
			.tags(tags)
			.baseUnit(MESSAGES)
			.description(description)
			.register(registry);
	}

	private void gauge(MeterRegistry registry, JetStreamListenerContainer container, Tags tags, String name,
			String description, CountOf count) {
		Gauge.builder(name, container, pending(count)).tags(tags).baseUnit(MESSAGES).description(description)
			.register(registry);
	}

	private ToDoubleFunction<JetStreamListenerContainer> pending(CountOf count) {
		return (listener) -> {
			Long value = count.of(this.pendingCounts.get(listener.getConnectionName(), listener.getStream(),
					listener.getConsumer()));
			return (value != null) ? value : Double.NaN;
		};
	}

	@FunctionalInterface
	private interface CountOf {

		@Nullable Long of(ConsumerPendingCounts.Counts counts);

	}

}
