package io.kumo.nats.messaging.listener;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanExpressionResolver;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.StringUtils;

/**
 * Finds the {@link NatsListener} methods of every bean and, once all singletons exist, registers
 * an endpoint for each with the {@link NatsListenerEndpointRegistry}, its attributes' placeholders
 * and expressions resolved.
 */
public final class NatsListenerAnnotationBeanPostProcessor
		implements BeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton {

	private final String registryBeanName;

	private final List<NatsListenerEndpoint> endpoints = new ArrayList<>();

	private final Set<Class<?>> classesWithoutListeners = ConcurrentHashMap.newKeySet();

	private @Nullable ConfigurableBeanFactory beanFactory;

	private @Nullable BeanExpressionContext expressionContext;

	/**
	 * Creates a new instance.
	 * @param registryBeanName the name of the registry bean the endpoints are registered with
	 */
	public NatsListenerAnnotationBeanPostProcessor(String registryBeanName) {
		this.registryBeanName = registryBeanName;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		if (beanFactory instanceof ConfigurableBeanFactory configurable) {
			this.beanFactory = configurable;
			this.expressionContext = new BeanExpressionContext(configurable, null);
		}
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		Class<?> targetClass = AopProxyUtils.ultimateTargetClass(bean);
		if (this.classesWithoutListeners.contains(targetClass)) {
			return bean;
		}
		Map<Method, Set<NatsListener>> annotated = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<Set<NatsListener>>) (method) -> {
					Set<NatsListener> listeners = AnnotatedElementUtils.findMergedRepeatableAnnotations(method,
							NatsListener.class);
					return listeners.isEmpty() ? null : listeners;
				});
		if (annotated.isEmpty()) {
			this.classesWithoutListeners.add(targetClass);
		}
		annotated.forEach((method, listeners) -> {
			Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
			int index = 0;
			for (NatsListener listener : listeners) {
				String defaultId = targetClass.getName() + "." + method.getName()
						+ ((listeners.size() > 1) ? "-" + index : "");
				synchronized (this.endpoints) {
					this.endpoints.add(endpoint(listener, defaultId, bean, invocable));
				}
				index++;
			}
		});
		return bean;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.beanFactory == null) {
			return;
		}
		NatsListenerEndpointRegistry registry = this.beanFactory.getBean(this.registryBeanName,
				NatsListenerEndpointRegistry.class);
		synchronized (this.endpoints) {
			this.endpoints.forEach(registry::register);
			this.endpoints.clear();
		}
	}

	private NatsListenerEndpoint endpoint(NatsListener listener, String defaultId, Object bean, Method method) {
		String id = resolve(listener.id());
		if (!StringUtils.hasText(id)) {
			id = defaultId;
		}
		List<String> subjects = Arrays.stream(listener.subjects())
			.map(this::resolve)
			.flatMap((subject) -> StringUtils.commaDelimitedListToSet(subject).stream())
			.map(String::trim)
			.filter(StringUtils::hasText)
			.toList();
		if (subjects.isEmpty()) {
			throw new IllegalStateException(invalid(id, method, "subjects", Arrays.toString(listener.subjects()),
					"at least one subject"));
		}
		String queue = resolve(listener.queue());
		String connection = resolve(listener.connection());
		return new NatsListenerEndpoint(id, subjects, StringUtils.hasText(queue) ? queue : null,
				StringUtils.hasText(connection) ? connection : null, concurrency(listener, id, method),
				autoStartup(listener, id, method), bean, method);
	}

	private int concurrency(NatsListener listener, String id, Method method) {
		String value = resolve(listener.concurrency()).trim();
		int concurrency = value.matches("[0-9]{1,6}") ? Integer.parseInt(value) : 0;
		if (concurrency >= 1) {
			return concurrency;
		}
		throw new IllegalStateException(invalid(id, method, "concurrency", value, "a whole number of at least 1"));
	}

	private boolean autoStartup(NatsListener listener, String id, Method method) {
		String value = resolve(listener.autoStartup()).trim();
		if ("true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value)) {
			return Boolean.parseBoolean(value);
		}
		throw new IllegalStateException(invalid(id, method, "autoStartup", value, "true or false"));
	}

	private String resolve(String value) {
		if (this.beanFactory == null || !StringUtils.hasText(value)) {
			return value;
		}
		String resolved = this.beanFactory.resolveEmbeddedValue(value);
		BeanExpressionResolver expressions = this.beanFactory.getBeanExpressionResolver();
		if (resolved != null && expressions != null && resolved.contains("#{")) {
			Object evaluated = expressions.evaluate(resolved, this.expressionContext);
			return (evaluated != null) ? evaluated.toString() : "";
		}
		return (resolved != null) ? resolved : "";
	}

	private static String invalid(String id, Method method, String attribute, String value, String expected) {
		return "@NatsListener '" + id + "' on " + method.getDeclaringClass().getName() + "." + method.getName()
				+ " has " + attribute + " '" + value + "', but it must be " + expected;
	}

}
