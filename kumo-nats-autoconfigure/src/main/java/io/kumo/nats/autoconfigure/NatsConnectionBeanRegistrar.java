package io.kumo.nats.autoconfigure;

import java.util.Map;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;

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
 * Registers, for each connection under {@code kumo.nats.connections}, a {@link Connection} bean
 * named {@code <name>NatsConnection} and lazy {@link JetStream} and {@link JetStreamManagement}
 * beans named {@code <name>JetStream} and {@code <name>JetStreamManagement}, all qualified by
 * {@code <name>} and primary when the connection is marked so or is the only one.
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
		String primary = NatsProperties.primaryConnection(connections);
		connections.keySet().forEach((name) -> {
			boolean isPrimary = name.equals(primary);
			register(registry, name, Connection.class, "connection", "NatsConnection", isPrimary);
			register(registry, name, JetStream.class, "jetStream", "JetStream", isPrimary);
			register(registry, name, JetStreamManagement.class, "jetStreamManagement", "JetStreamManagement",
					isPrimary);
		});
	}

	private static void register(BeanDefinitionRegistry registry, String name, Class<?> type, String factoryMethod,
			String suffix, boolean primary) {
		AbstractBeanDefinition definition = BeanDefinitionBuilder.rootBeanDefinition(type)
			.setFactoryMethodOnBean(factoryMethod, ConfiguredNatsConnections.BEAN_NAME)
			.addConstructorArgValue(name)
			.setPrimary(primary)
			.setLazyInit(type != Connection.class)
			.getBeanDefinition();
		if (type == Connection.class) {
			definition.setAttribute(NatsAutoConfiguration.CONNECTION_NAME_ATTRIBUTE, name);
		}
		definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
		registry.registerBeanDefinition(name + suffix, definition);
	}

	private Map<String, NatsProperties.Connection> declaredConnections() {
		try {
			return Binder.get(this.environment).bind("kumo.nats.connections", CONNECTIONS).orElse(Map.of());
		}
		catch (BindException ex) {
			return Map.of();
		}
	}

}
