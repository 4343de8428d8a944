package io.kumo.nats.metrics;

import io.kumo.nats.messaging.listener.NatsListenerErrorHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Message;

/**
 * Counts each failed delivery in {@code nats.listener.errors}, tagged with the listener id and
 * the exception's class, then hands it to another error handler.
 */
public final class CountingNatsListenerErrorHandler implements NatsListenerErrorHandler {

	/**
	 * The name of the counter.
	 */
	public static final String METER_NAME = "nats.listener.errors";

	private final NatsListenerErrorHandler delegate;

	private final MeterRegistry registry;

	/**
	 * Creates a new instance.
	 * @param delegate the handler told after counting
	 * @param registry the registry of the counter
	 */
	public CountingNatsListenerErrorHandler(NatsListenerErrorHandler delegate, MeterRegistry registry) {
		this.delegate = delegate;
		this.registry = registry;
	}

	@Override
	public void handleError(String listenerId, Message message, Throwable error) {
		Counter.builder(METER_NAME)
			.description("Messages a NATS listener failed to handle")
			.tag("listener", listenerId)
			.tag("exception", error.getClass().getSimpleName())
			.register(this.registry)
			.increment();
		this.delegate.handleError(listenerId, message, error);
	}

}
