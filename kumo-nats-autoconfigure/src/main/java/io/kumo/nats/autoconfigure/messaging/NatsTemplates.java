package io.kumo.nats.autoconfigure.messaging;

import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.connection.RegisteredNatsConnection;
import io.kumo.nats.messaging.converter.NatsMessageConverter;
import io.kumo.nats.messaging.core.NatsTemplate;
import io.kumo.nats.messaging.observation.NatsSendObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import io.nats.client.Connection;
import org.jspecify.annotations.Nullable;

/**
 * Makes the {@link NatsTemplate} of each configured connection, all with the one converter and
 * observation setup.
 */
final class NatsTemplates {

	static final String BEAN_NAME = "natsTemplates";

	private final NatsConnectionRegistry registry;

	private final NatsMessageConverter converter;

	private final ObservationRegistry observationRegistry;

	private final @Nullable NatsSendObservationConvention observationConvention;

	NatsTemplates(NatsConnectionRegistry registry, NatsMessageConverter converter,
			ObservationRegistry observationRegistry, @Nullable NatsSendObservationConvention observationConvention) {
		this.registry = registry;
		this.converter = converter;
		this.observationRegistry = observationRegistry;
		this.observationConvention = observationConvention;
	}

	NatsTemplate template(String name, Connection connection) {
		RegisteredNatsConnection registered = this.registry.connections()
			.stream()
			.filter((candidate) -> candidate.connection() == connection)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("NATS connection '" + name + "' is closed"));
		return new NatsTemplate(registered, this.converter, this.observationRegistry, this.observationConvention);
	}

}
