package io.kumo.nats.autoconfigure.metrics;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.autoconfigure.NatsProperties;
import io.kumo.nats.autoconfigure.messaging.NatsListenerAutoConfiguration;
import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.jetstream.ConsumerPendingCounts;
import io.kumo.nats.messaging.listener.NatsListenerEndpointRegistry;
import io.kumo.nats.metrics.NatsConsumerMetrics;
import io.kumo.nats.metrics.NatsMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of meters for every NATS connection in the registry, configured or opened
 * by a script, and for every JetStream listener.
 */
@AutoConfiguration(after = { MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
		SimpleMetricsExportAutoConfiguration.class, NatsAutoConfiguration.class, NatsListenerAutoConfiguration.class })
@ConditionalOnClass({ Connection.class, MeterRegistry.class, MetricsAutoConfiguration.class })
@ConditionalOnBean({ MeterRegistry.class, NatsConnectionRegistry.class })
public final class NatsMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	NatsMetrics natsMetrics(NatsConnectionRegistry registry) {
		return new NatsMetrics(registry);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(NatsListenerEndpointRegistry.class)
	static class ConsumerMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ConsumerPendingCounts natsConsumerPendingCounts(NatsConnectionRegistry registry, NatsProperties properties) {
			return new ConsumerPendingCounts(registry, properties.getListener().getConsumerInfoRefresh());
		}

		@Bean
		@ConditionalOnMissingBean
		NatsConsumerMetrics natsConsumerMetrics(NatsListenerEndpointRegistry listeners,
				ConsumerPendingCounts pendingCounts) {
			return new NatsConsumerMetrics(listeners, pendingCounts);
		}

	}

}
