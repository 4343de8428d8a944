package io.kumo.nats.messaging.listener;

import java.time.Duration;
import java.util.List;

import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.connection.RegisteredNatsConnection;
import io.kumo.nats.messaging.converter.NatsMessageConverter;
import io.kumo.nats.messaging.observation.NatsReceiveObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Makes the container of each listener, on the connection it names, with the converter, error
 * handler and observation the application configured.
 */
public final class NatsListenerContainerFactory {

	private final NatsConnectionRegistry connections;

	private final @Nullable String primaryConnection;

	private final NatsMessageConverter converter;

	private final NatsListenerErrorHandler errorHandler;

	private final @Nullable ObservationRegistry observationRegistry;

	private final @Nullable NatsReceiveObservationConvention convention;

	private final Duration shutdownTimeout;

	/**
	 * Creates a new instance.
	 * @param connections the live connections, listeners subscribe on
	 * @param primaryConnection the name of the connection of listeners that name none, if there is
	 * a primary connection
	 * @param converter the converter of payloads and replies
	 * @param errorHandler the handler of failed deliveries
	 * @param observationRegistry the registry of {@code nats.receive} observations; {@code null} or
	 * {@link ObservationRegistry#NOOP} for none
	 * @param convention the convention replacing the default one, if any
	 * @param shutdownTimeout how long stopping a listener waits for the messages delivered to it
	 */
	public NatsListenerContainerFactory(NatsConnectionRegistry connections, @Nullable String primaryConnection,
			NatsMessageConverter converter, NatsListenerErrorHandler errorHandler,
			@Nullable ObservationRegistry observationRegistry, @Nullable NatsReceiveObservationConvention convention,
			Duration shutdownTimeout) {
		this.connections = connections;
		this.primaryConnection = primaryConnection;
		this.converter = converter;
		this.errorHandler = errorHandler;
		this.observationRegistry = (observationRegistry != null && !observationRegistry.isNoop())
				? observationRegistry : null;
		this.convention = convention;
		this.shutdownTimeout = shutdownTimeout;
	}

	/**
	 * Makes the container of a listener, not started.
	 * @param endpoint the listener
	 * @return its container
	 * @throws IllegalStateException when the listener names no known connection or a parameter of
	 * its method cannot be filled from a message
	 */
	public NatsListenerContainer createContainer(NatsListenerEndpoint endpoint) {
		RegisteredNatsConnection connection = connection(endpoint);
		NatsListenerMethodInvoker invoker = NatsListenerMethodInvoker.of(endpoint, this.converter);
		ListenerMessageHandler.Listener listener = new ListenerMessageHandler.Listener(endpoint.id(),
				connection.name(), connection.connection(), this.converter, this.errorHandler,
				this.observationRegistry, this.convention);
		JetStreamEndpoint jetStream = endpoint.jetStream();
		if (jetStream != null) {
			return new JetStreamNatsListenerContainer(endpoint, jetStream, connection.name(), connection.connection(),
					new ListenerMessageHandler(invoker, listener, String.join(",", endpoint.subjects())),
					invoker.takesAcknowledgment(), this.shutdownTimeout);
		}
		return new DispatcherNatsListenerContainer(endpoint, connection.name(), connection.connection(),
				(subject) -> new ListenerMessageHandler(invoker, listener, subject), this.shutdownTimeout);
	}

	private RegisteredNatsConnection connection(NatsListenerEndpoint endpoint) {
		String name = (endpoint.connection() != null) ? endpoint.connection() : this.primaryConnection;
		if (name == null) {
			throw new IllegalStateException("@NatsListener '" + endpoint.id() + "' names no connection and there is "
					+ "no primary one: set its connection attribute to one of " + known()
					+ ", or mark one with kumo.nats.connections.<name>.primary=true");
		}
		return this.connections.find(name)
			.orElseThrow(() -> new IllegalStateException("@NatsListener '" + endpoint.id() + "' names connection '"
					+ name + "', but kumo.nats.connections has no such connection; configured: " + known()));
	}

	private List<String> known() {
		return this.connections.connections().stream().map(RegisteredNatsConnection::name).sorted().toList();
	}

}
