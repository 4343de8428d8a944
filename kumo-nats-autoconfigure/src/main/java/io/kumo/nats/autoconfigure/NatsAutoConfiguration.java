package io.kumo.nats.autoconfigure;

import io.kumo.nats.connection.NatsConnectionFactory;
import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.connection.NatsOptionsCustomizer;
import io.nats.client.Connection;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configuration for NATS: the connection registry, the one connection factory, a
 * {@link Connection} bean for each connection under {@code kumo.nats.connections}, and their
 * graceful shutdown when the context closes.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnClass(Connection.class)
@EnableConfigurationProperties(NatsProperties.class)
@Import(NatsConnectionBeanRegistrar.class)
public final class NatsAutoConfiguration {

	/**
	 * The attribute of the bean definition of each configured connection's {@link Connection}
	 * that holds the connection's name, so that other registrars add their beans for exactly
	 * those connections.
	 */
	public static final String CONNECTION_NAME_ATTRIBUTE = "kumo.nats.connectionName";

	@Bean
	@ConditionalOnMissingBean
	NatsConnectionRegistry natsConnectionRegistry() {
		return new NatsConnectionRegistry();
	}

	@Bean
	@ConditionalOnMissingBean
	NatsConnectionFactory natsConnectionFactory(NatsConnectionRegistry registry, ResourceLoader resourceLoader,
			ObjectProvider<SslBundles> sslBundles, ObjectProvider<NatsOptionsCustomizer> customizers) {
		return new NatsConnectionFactory(registry, resourceLoader, sslBundles.getIfAvailable(),
				customizers.orderedStream().toList());
	}

	@Bean
	NatsShutdownLifecycle natsShutdownLifecycle(NatsConnectionRegistry registry, NatsProperties properties) {
		return new NatsShutdownLifecycle(registry, properties.getShutdownTimeout());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SanitizingFunction.class)
	static class NatsSecretsSanitizingConfiguration {

		@Bean
		SanitizingFunction natsSecretsSanitizingFunction() {
			return new NatsSecretsSanitizingFunction();
		}

	}

	@Bean(ConfiguredNatsConnections.BEAN_NAME)
	ConfiguredNatsConnections configuredNatsConnections(NatsProperties properties,
			NatsConnectionFactory connectionFactory, ObjectProvider<NatsConnectionDetails> connectionDetails) {
		return new ConfiguredNatsConnections(properties, connectionFactory,
				connectionDetails.orderedStream().toList());
	}

}
