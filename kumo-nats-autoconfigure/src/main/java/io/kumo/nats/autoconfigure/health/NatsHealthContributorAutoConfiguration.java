package io.kumo.nats.autoconfigure.health;

import java.util.Locale;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.autoconfigure.NatsProperties;
import io.kumo.nats.autoconfigure.messaging.NatsListenerAutoConfiguration;
import io.kumo.nats.autoconfigure.metrics.NatsMetricsAutoConfiguration;
import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.health.NatsConsumersHealthContributor;
import io.kumo.nats.health.NatsHealthContributor;
import io.kumo.nats.jetstream.ConsumerPendingCounts;
import io.kumo.nats.messaging.listener.NatsListenerEndpointRegistry;
import io.nats.client.Connection;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code nats} health contributor, which reports every connection in
 * the registry, configured or opened by a script, and of the {@code natsConsumers} contributor,
 * which reports every JetStream listener's consumer; {@code management.health.nats.enabled=false}
 * turns both off.
 */
@AutoConfiguration(after = { NatsAutoConfiguration.class, NatsListenerAutoConfiguration.class,
		NatsMetricsAutoConfiguration.class })
@ConditionalOnClass({ Connection.class, NatsHealthContributor.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(NatsConnectionRegistry.class)
@ConditionalOnEnabledHealthIndicator("nats")
@EnableConfigurationProperties(NatsHealthProperties.class)
public final class NatsHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = { "natsHealthIndicator", "natsHealthContributor" })
	NatsHealthContributor natsHealthContributor(NatsConnectionRegistry registry, NatsHealthProperties properties) {
		NatsHealthContributor contributor = new NatsHealthContributor(status(properties.getReconnectingStatus()),
				status(properties.getDroppingStatus()), properties.getRoundTripTimeout());
		registry.addListener(contributor);
		return contributor;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(NatsListenerEndpointRegistry.class)
	@ConditionalOnBooleanProperty(name = "management.health.nats.consumers.enabled", matchIfMissing = true)
	static class ConsumersConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ConsumerPendingCounts natsConsumerPendingCounts(NatsConnectionRegistry registry, NatsProperties properties) {
			return new ConsumerPendingCounts(registry, properties.getListener().getConsumerInfoRefresh());
		}

		@Bean
		@ConditionalOnMissingBean(name = "natsConsumersHealthContributor")
		NatsConsumersHealthContributor natsConsumersHealthContributor(NatsListenerEndpointRegistry listeners,
				ConsumerPendingCounts pendingCounts, NatsHealthProperties properties) {
			NatsHealthProperties.Consumers consumers = properties.getConsumers();
			return new NatsConsumersHealthContributor(listeners, pendingCounts, consumers.getStalledAfter(),
					status(consumers.getStalledStatus()));
		}

	}

	private static Status status(String code) {
		return new Status(code.trim().toUpperCase(Locale.ROOT));
	}

}
