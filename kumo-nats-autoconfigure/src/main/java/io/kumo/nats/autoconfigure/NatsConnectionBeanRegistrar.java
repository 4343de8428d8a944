package io.kumo.nats.autoconfigure;

import java.util.Map;

import io.nats.client.Connection;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers a {@link Connection} bean for each connection under {@code kumo.nats.connections}:
 * named {@code <name>NatsConnection}, qualified by {@code <name>}, and primary when marked so or
 * when it is the only one.
 */
final class NatsConnectionBeanRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

	private static final Bindable<Map<String, NatsProperties.Connection>> CONNECTIONS = Bindable
		.mapOf(String.class, NatsProperties.Connection.class);

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		Map<String, NatsProperties.Connection> connections = declaredConnections();
		String primary = primary(connections);
		connections.keySet().forEach((name) -> {
			AbstractBeanDefinition definition = BeanDefinitionBuilder.rootBeanDefinition(Connection.class)
				.setFactoryMethodOnBean("connection", ConfiguredNatsConnections.BEAN_NAME)
				.addConstructorArgValue(name)
				.setPrimary(name.equals(primary))
				.getBeanDefinition();
			definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
			registry.registerBeanDefinition(name + "NatsConnection", definition);
		});
	}

	private Map<String, NatsProperties.Connection> declaredConnections() {
		try {
			return Binder.get(this.environment).bind("kumo.nats.connections", CONNECTIONS).orElse(Map.of());
		}
		catch (BindException ex) {
			return Map.of();
		}
	}

	private static String primary(Map<String, NatsProperties.Connection> connections) {
		if (connections.size() == 1) {
			return connections.keySet().iterator().next();
		}
		String primary = null;
		for (Map.Entry<String, NatsProperties.Connection> entry : connections.entrySet()) {
			if (entry.getValue().isPrimary()) {
				if (primary != null) {
					throw new InvalidNatsConnectionPropertyException(
							"kumo.nats.connections." + entry.getKey() + ".primary",
							"only one connection may be primary, and '" + primary + "' already is", null);
				}
				primary = entry.getKey();
			}
		}
		return primary;
	}

}
