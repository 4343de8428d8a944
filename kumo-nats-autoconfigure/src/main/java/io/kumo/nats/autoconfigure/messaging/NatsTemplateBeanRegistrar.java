package io.kumo.nats.autoconfigure.messaging;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.messaging.core.NatsTemplate;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers, for each connection bean that {@link NatsAutoConfiguration} defined for a connection
 * under {@code kumo.nats.connections}, a lazy {@link NatsTemplate} bean named
 * {@code <name>NatsTemplate}, qualified by {@code <name>} and primary when that connection bean is.
 */
final class NatsTemplateBeanRegistrar implements ImportBeanDefinitionRegistrar {

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		for (String connectionBean : registry.getBeanDefinitionNames()) {
			BeanDefinition connection = registry.getBeanDefinition(connectionBean);
			if (connection.getAttribute(NatsAutoConfiguration.CONNECTION_NAME_ATTRIBUTE) instanceof String name
					&& !registry.containsBeanDefinition(name + "NatsTemplate")) {
				AbstractBeanDefinition definition = BeanDefinitionBuilder.rootBeanDefinition(NatsTemplate.class)
					.setFactoryMethodOnBean("template", NatsTemplates.BEAN_NAME)
					.addConstructorArgValue(name)
					.addConstructorArgValue(new RuntimeBeanReference(connectionBean))
					.setPrimary(connection.isPrimary())
					.setLazyInit(true)
					.getBeanDefinition();
				definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
				registry.registerBeanDefinition(name + "NatsTemplate", definition);
			}
		}
	}

}
