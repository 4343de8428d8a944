package io.kumo.nats.autoconfigure.messaging;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.autoconfigure.NatsProperties;
import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.messaging.converter.JacksonJsonNatsMessageConverter;
import io.kumo.nats.messaging.converter.NatsMessageConverter;
import io.kumo.nats.messaging.converter.SimpleNatsMessageConverter;
import io.kumo.nats.messaging.core.NatsTemplate;
import io.kumo.nats.messaging.observation.NatsSendObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import io.nats.client.Connection;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of a {@link NatsTemplate} for each connection under
 * {@code kumo.nats.connections}, and of the {@link NatsMessageConverter} that templates and
 * listeners share: JSON through the application's {@link JsonMapper} when Jackson is present.
 */
@AutoConfiguration(after = NatsAutoConfiguration.class,
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(Connection.class)
@ConditionalOnBean(NatsConnectionRegistry.class)
@Import(NatsTemplateBeanRegistrar.class)
public final class NatsTemplateAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(NatsMessageConverter.class)
	NatsMessageConverter natsMessageConverter() {
		return new SimpleNatsMessageConverter();
	}

	@Bean(NatsTemplates.BEAN_NAME)
	NatsTemplates natsTemplates(NatsConnectionRegistry registry, NatsProperties properties,
			NatsMessageConverter converter, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<NatsSendObservationConvention> observationConvention) {
		ObservationRegistry observations = properties.getTemplate().isObservationEnabled()
				? observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP) : ObservationRegistry.NOOP;
		return new NatsTemplates(registry, converter, observations, observationConvention.getIfUnique());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JsonMapper.class)
	static class JacksonMessageConverterConfiguration {

		@Bean
		@ConditionalOnMissingBean(NatsMessageConverter.class)
		@ConditionalOnBean(JsonMapper.class)
		NatsMessageConverter natsMessageConverter(JsonMapper jsonMapper) {
			return new JacksonJsonNatsMessageConverter(jsonMapper);
		}

	}

}
