package io.kumo.nats.messaging.listener;

import java.lang.reflect.Method;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * One listener as declared, its placeholders resolved: what a container subscribes to and the
 * method it delivers to.
 *
 * @param id the listener id, unique in the registry
 * @param subjects the subjects, wildcards allowed
 * @param queue the queue group, or {@code null} for none
 * @param connection the connection name, or {@code null} for the primary connection
 * @param concurrency how many messages are handled at once
 * @param autoStartup whether the container starts with the application context
 * @param bean the bean whose method is called
 * @param method the listener method, invocable on the bean
 * @param jetStream the JetStream consumer the listener consumes, or {@code null} for core subjects
 */
public record NatsListenerEndpoint(String id, List<String> subjects, @Nullable String queue,
		@Nullable String connection, int concurrency, boolean autoStartup, Object bean, Method method,
		@Nullable JetStreamEndpoint jetStream) {

	/**
	 * Checks the endpoint.
	 */
	public NatsListenerEndpoint {
		Assert.hasText(id, "id must not be empty");
		Assert.isTrue(jetStream != null || !subjects.isEmpty(),
				() -> "Listener '" + id + "' must name at least one subject");
		Assert.isTrue(concurrency >= 1, () -> "Listener '" + id + "' has concurrency " + concurrency
				+ ", but it must be at least 1");
		subjects = List.copyOf(subjects);
	}

	/**
	 * Creates a listener of core subjects.
	 * @param id the listener id, unique in the registry
	 * @param subjects the subjects, wildcards allowed
	 * @param queue the queue group, or {@code null} for none
	 * @param connection the connection name, or {@code null} for the primary connection
	 * @param concurrency how many messages are handled at once
	 * @param autoStartup whether the container starts with the application context
	 * @param bean the bean whose method is called
	 * @param method the listener method, invocable on the bean
	 */
	public NatsListenerEndpoint(String id, List<String> subjects, @Nullable String queue, @Nullable String connection,
			int concurrency, boolean autoStartup, Object bean, Method method) {
		this(id, subjects, queue, connection, concurrency, autoStartup, bean, method, null);
	}

}
