package io.kumo.nats.jetstream;

import java.lang.reflect.Method;
import java.util.List;

import io.kumo.nats.messaging.listener.JetStreamListenerActivity;
import io.kumo.nats.messaging.listener.JetStreamListenerContainer;
import io.kumo.nats.messaging.listener.NatsListenerContainer;
import io.kumo.nats.messaging.listener.NatsListenerContainerFactory;
import io.kumo.nats.messaging.listener.NatsListenerEndpoint;
import io.kumo.nats.messaging.listener.NatsListenerEndpointRegistry;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.MessageConsumer;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ReflectionUtils;

/**
 * A stand-in for the real JetStream listener container: it consumes a durable consumer with
 * jnats's {@code consume} and acknowledges every message, recording its activity, or, started
 * without consuming, holds a stalled consumer until {@link #consume()} is called.
 */
public final class TestJetStreamListenerContainer implements JetStreamListenerContainer {

	private final String id;

	private final String connectionName;

	private final Connection connection;

	private final String stream;

	private final String consumer;

	private final boolean consumeOnStart;

	private final JetStreamListenerActivity activity = new JetStreamListenerActivity();

	private @Nullable MessageConsumer messageConsumer;

	private volatile boolean running;

	public TestJetStreamListenerContainer(String id, String connectionName, Connection connection, String stream,
			String consumer, boolean consumeOnStart) {
		this.id = id;
		this.connectionName = connectionName;
		this.connection = connection;
		this.stream = stream;
		this.consumer = consumer;
		this.consumeOnStart = consumeOnStart;
	}

	/**
	 * Puts containers into a listener registry, as its factory would have made them.
	 * @param containers the containers
	 * @return the registry
	 */
	public static NatsListenerEndpointRegistry registryOf(NatsListenerContainer... containers) {
		NatsListenerEndpointRegistry registry = new NatsListenerEndpointRegistry(
				new NatsListenerContainerFactory(null, null, null, null, null, null, null));
		for (NatsListenerContainer container : containers) {
			registry.registerListenerContainer(container);
		}
		return registry;
	}

	@Override
	public synchronized void start() {
		this.activity.started();
		this.running = true;
		if (this.consumeOnStart) {
			consume();
		}
	}

	/**
	 * Starts consuming: each message counts as delivered and is acknowledged.
	 */
	public synchronized void consume() {
		try {
			ConsumerContext context = this.connection.getStreamContext(this.stream)
				.getConsumerContext(this.consumer);
			this.messageConsumer = context.consume((message) -> {
				this.activity.delivered(message.metaData().deliveredCount() > 1);
				message.ack();
				this.activity.acked();
			});
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot consume " + this.stream + " > " + this.consumer, ex);
		}
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		if (this.messageConsumer != null) {
			try {
				this.messageConsumer.close();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			this.messageConsumer = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public String getId() {
		return this.id;
	}

	@Override
	public NatsListenerEndpoint getEndpoint() {
		Method method = ReflectionUtils.findMethod(TestJetStreamListenerContainer.class, "consume");
		return new NatsListenerEndpoint(this.id, List.of(this.stream), null, this.connectionName, 1, true, this,
				method);
	}

	@Override
	public String getConnectionName() {
		return this.connectionName;
	}

	@Override
	public String getStream() {
		return this.stream;
	}

	@Override
	public String getConsumer() {
		return this.consumer;
	}

	@Override
	public JetStreamListenerActivity getActivity() {
		return this.activity;
	}

}
