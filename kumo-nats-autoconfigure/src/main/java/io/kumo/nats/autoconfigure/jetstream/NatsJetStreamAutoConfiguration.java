package io.kumo.nats.autoconfigure.jetstream;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.autoconfigure.NatsProperties;
import io.kumo.nats.connection.NatsConnectionRegistry;
import io.nats.client.Connection;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration that creates or updates, at startup, the JetStream streams, consumers and
 * key-value buckets declared under {@code kumo.nats.connections.<name>.jetstream} and as
 * {@code StreamConfiguration}, {@code NatsConsumerDeclaration} and {@code KeyValueConfiguration}
 * beans.
 */
@AutoConfiguration(after = NatsAutoConfiguration.class)
@ConditionalOnClass(Connection.class)
@ConditionalOnBean(NatsConnectionRegistry.class)
public final class NatsJetStreamAutoConfiguration {

	@Bean
	NatsJetStreamDeclarationsInitializer natsJetStreamDeclarationsInitializer(NatsProperties properties,
			NatsConnectionRegistry registry, ConfigurableListableBeanFactory beanFactory) {
		return new NatsJetStreamDeclarationsInitializer(properties, registry, beanFactory);
	}

}
