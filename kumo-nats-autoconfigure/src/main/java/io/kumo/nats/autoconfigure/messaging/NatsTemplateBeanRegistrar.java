package io.kumo.nats.autoconfigure.messaging;

import java.util.Map;

import io.kumo.nats.autoconfigure.NatsProperties;
import io.kumo.nats.messaging.core.NatsTemplate;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.RuntimeBeanReference;
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
 * Registers, for each connection under {@code kumo.nats.connections} whose {@code <name>NatsConnection}
 * bean is defined, a lazy {@link NatsTemplate} bean named {@code <name>NatsTemplate}, qualified by
 * {@code <name>} and primary when that connection bean is.
 */
final class NatsTemplateBeanRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

	private static final Bindable<Map<String, NatsProperties.Connection>> CONNECTIONS = Bindable
		.mapOf(String.class, NatsProperties.Connection.class);

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		for (String name : connectionNames()) {
			String connectionBean = name + "NatsConnection";
			String templateBean = name + "NatsTemplate";
			if (!registry.containsBeanDefinition(connectionBean) || registry.containsBeanDefinition(templateBean)) {
				continue;
			}
			AbstractBeanDefinition definition = BeanDefinitionBuilder.rootBeanDefinition(NatsTemplate.class)
				.setFactoryMethodOnBean("template", NatsTemplates.BEAN_NAME)
				.addConstructorArgValue(name)
				.addConstructorArgValue(new RuntimeBeanReference(connectionBean))
				.setPrimary(registry.getBeanDefinition(connectionBean).isPrimary())
				.setLazyInit(true)
				.getBeanDefinition();
			definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
			registry.registerBeanDefinition(templateBean, definition);
		}
	}

	private Iterable<String> connectionNames() {
		try {
			return Binder.get(this.environment).bind("kumo.nats.connections", CONNECTIONS).orElse(Map.of()).keySet();
		}
		catch (BindException ex) {
			return Map.<String, NatsProperties.Connection>of().keySet();
		}
	}

}
