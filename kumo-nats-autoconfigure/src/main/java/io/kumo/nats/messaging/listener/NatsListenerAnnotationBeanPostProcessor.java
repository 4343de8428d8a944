package io.kumo.nats.messaging.listener;

import java.lang.reflect.Method;
import java.time.Duration;
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
import org.springframework.boot.convert.DurationStyle;
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
		String queue = resolve(listener.queue());
		String connection = resolve(listener.connection());
		JetStreamEndpoint jetStream = jetStream(listener, id, method, subjects, queue);
		if (subjects.isEmpty() && jetStream == null) {
			throw new IllegalStateException(invalid(id, method, "subjects", Arrays.toString(listener.subjects()),
					"at least one subject, or a stream and its durable consumer"));
		}
		int concurrency = concurrency(listener, id, method);
		if (jetStream != null && jetStream.ordered() && concurrency > 1) {
			throw new IllegalStateException(invalid(id, method, "concurrency", Integer.toString(concurrency),
					"1 on an ordered JetStream listener, which handles the stream in order"));
		}
		return new NatsListenerEndpoint(id, subjects, StringUtils.hasText(queue) ? queue : null,
				StringUtils.hasText(connection) ? connection : null, concurrency, autoStartup(listener, id, method),
				bean, method, jetStream);
	}

	private @Nullable JetStreamEndpoint jetStream(NatsListener listener, String id, Method method,
			List<String> subjects, String queue) {
		String stream = resolve(listener.stream()).trim();
		String durable = resolve(listener.durable()).trim();
		boolean ordered = bool(listener.ordered(), id, method, "ordered");
		String maxDeliveries = resolve(listener.maxDeliveries()).trim();
		String backoff = resolve(listener.backoff()).trim();
		String deadLetterSubject = resolve(listener.deadLetterSubject()).trim();
		if (!StringUtils.hasText(stream)) {
			if (!durable.isEmpty() || ordered || !maxDeliveries.isEmpty() || !backoff.isEmpty()
					|| !deadLetterSubject.isEmpty()) {
				throw new IllegalStateException(invalid(id, method, "stream", stream,
						"the name of a JetStream stream when durable, ordered, maxDeliveries, backoff or "
								+ "deadLetterSubject is set"));
			}
			return null;
		}
		if (StringUtils.hasText(queue)) {
			throw new IllegalStateException(invalid(id, method, "queue", queue,
					"empty on a JetStream listener: instances sharing a durable consumer share its messages"));
		}
		if (ordered == !durable.isEmpty()) {
			throw new IllegalStateException(invalid(id, method, "durable", durable,
					"the name of a consumer of stream '" + stream + "', or empty with ordered=true, not both"));
		}
		if (!ordered && !subjects.isEmpty()) {
			throw new IllegalStateException(invalid(id, method, "subjects", subjects.toString(),
					"empty on a durable JetStream listener: the consumer's filter subjects choose its messages"));
		}
		if (ordered && (!maxDeliveries.isEmpty() || !backoff.isEmpty() || !deadLetterSubject.isEmpty())) {
			throw new IllegalStateException(invalid(id, method, "ordered", "true",
					"false when maxDeliveries, backoff or deadLetterSubject is set: an ordered consumer is "
							+ "never acknowledged nor redelivered"));
		}
		return new JetStreamEndpoint(stream, ordered ? null : durable, maxDeliveries(maxDeliveries, id, method),
				backoff(backoff, id, method), deadLetterSubject.isEmpty() ? null : deadLetterSubject);
	}

	private static int maxDeliveries(String value, String id, Method method) {
		if (value.isEmpty()) {
			return 0;
		}
		int maxDeliveries = value.matches("[0-9]{1,6}") ? Integer.parseInt(value) : 0;
		if (maxDeliveries >= 1) {
			return maxDeliveries;
		}
		throw new IllegalStateException(invalid(id, method, "maxDeliveries", value, "a whole number of at least 1"));
	}

	private static List<Duration> backoff(String value, String id, Method method) {
		List<Duration> delays = new ArrayList<>();
		for (String delay : StringUtils.commaDelimitedListToStringArray(value)) {
			try {
				Duration duration = DurationStyle.detectAndParse(delay.trim());
				if (duration.isNegative()) {
					throw new IllegalArgumentException("negative");
				}
				delays.add(duration);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException(invalid(id, method, "backoff", value,
						"a comma-separated list of durations that are not negative, such as 1s,5s,30s"), ex);
			}
		}
		return delays;
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
		return bool(listener.autoStartup(), id, method, "autoStartup");
	}

	private boolean bool(String attribute, String id, Method method, String name) {
		String value = resolve(attribute).trim();
		if ("true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value)) {
			return Boolean.parseBoolean(value);
		}
		throw new IllegalStateException(invalid(id, method, name, value, "true or false"));
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
