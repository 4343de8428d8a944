package io.kumo.nats.autoconfigure.messaging;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.autoconfigure.NatsProperties;
import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.messaging.converter.NatsMessageConverter;
import io.kumo.nats.messaging.converter.SimpleNatsMessageConverter;
import io.kumo.nats.messaging.listener.LoggingNatsListenerErrorHandler;
import io.kumo.nats.messaging.listener.NatsListenerAnnotationBeanPostProcessor;
import io.kumo.nats.messaging.listener.NatsListenerContainerFactory;
import io.kumo.nats.messaging.listener.NatsListenerEndpointRegistry;
import io.kumo.nats.messaging.listener.NatsListenerErrorHandler;
import io.kumo.nats.messaging.observation.NatsReceiveObservationConvention;
import io.kumo.nats.metrics.CountingNatsListenerErrorHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.nats.client.Connection;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

/**
 * Auto-configuration of {@link io.kumo.nats.messaging.listener.NatsListener} methods: their
 * containers on the configured connections, the registry that starts and stops them, and the
 * default error handler, which also counts failures when Micrometer is present.
 */
@AutoConfiguration(after = NatsAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
				"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnClass(Connection.class)
@ConditionalOnBean(NatsConnectionRegistry.class)
public final class NatsListenerAutoConfiguration {

	/**
	 * The name of the registry bean.
	 */
	public static final String REGISTRY_BEAN_NAME = "natsListenerEndpointRegistry";

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static NatsListenerAnnotationBeanPostProcessor natsListenerAnnotationBeanPostProcessor() {
		return new NatsListenerAnnotationBeanPostProcessor(REGISTRY_BEAN_NAME);
	}

	@Bean
	@ConditionalOnMissingBean
	NatsListenerErrorHandler natsListenerErrorHandler() {
		return new LoggingNatsListenerErrorHandler();
	}

	@Bean
	@ConditionalOnMissingBean
	NatsListenerContainerFactory natsListenerContainerFactory(NatsConnectionRegistry connections,
			NatsProperties properties, ObjectProvider<NatsMessageConverter> converter,
			NatsListenerErrorHandler errorHandler, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<NatsReceiveObservationConvention> convention) {
		NatsProperties.Listener listener = properties.getListener();
		return new NatsListenerContainerFactory(connections, NatsProperties.primaryConnection(properties.getConnections()),
				converter.getIfAvailable(SimpleNatsMessageConverter::new), errorHandler,
				listener.isObservationEnabled() ? observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP)
						: ObservationRegistry.NOOP,
				convention.getIfAvailable(), listener.getShutdownTimeout());
	}

	@Bean(REGISTRY_BEAN_NAME)
	@ConditionalOnMissingBean
	NatsListenerEndpointRegistry natsListenerEndpointRegistry(NatsListenerContainerFactory containerFactory) {
		return new NatsListenerEndpointRegistry(containerFactory);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class CountedErrorsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		NatsListenerErrorHandler countingNatsListenerErrorHandler(MeterRegistry meterRegistry) {
			return new CountingNatsListenerErrorHandler(new LoggingNatsListenerErrorHandler(), meterRegistry);
		}

	}

}
