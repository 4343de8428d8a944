package io.kumo.nats.messaging.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks a bean method as the listener of one or more NATS subjects. The method may take the
 * converted payload, {@link NatsHeader} values, the {@link NatsSubject subject}, the jnats
 * {@code Message} and its {@code Headers}; a value it returns is sent as the reply when the message
 * has a reply subject. With a {@link #stream()}, the method consumes a JetStream consumer instead,
 * and may also take the message's {@code NatsJetStreamMetaData} and a {@link NatsAcknowledgment}.
 * Every attribute accepts {@code ${...}} placeholders and {@code #{...}} expressions. Annotated
 * methods are kept invocable in a native image.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective
@Repeatable(NatsListeners.class)
public @interface NatsListener {

	/**
	 * The id of the listener's container in the {@link NatsListenerEndpointRegistry}; by default
	 * the bean's class and method name, numbered when the method has several listeners.
	 * @return the id
	 */
	String id() default "";

	/**
	 * The subjects to listen to; {@code *} and {@code >} wildcards are allowed. A JetStream
	 * listener takes none, except an ordered one, whose subjects filter the stream.
	 * @return the subjects
	 */
	String[] subjects() default {};

	/**
	 * The queue group: listeners of the same group share the messages, each handled by one of them.
	 * @return the queue group, or empty for none
	 */
	String queue() default "";

	/**
	 * The name of the connection under {@code kumo.nats.connections}; the primary connection when
	 * empty.
	 * @return the connection name
	 */
	String connection() default "";

	/**
	 * How many messages the listener handles at once. With more than one, messages are handled in
	 * parallel and may finish out of order, also within one subject.
	 * @return the concurrency, a number of at least 1
	 */
	String concurrency() default "1";

	/**
	 * Whether the listener starts with the application context; when {@code false} it starts
	 * through the {@link NatsListenerEndpointRegistry}.
	 * @return {@code true} or {@code false}
	 */
	String autoStartup() default "true";

	/**
	 * The JetStream stream to consume; when set, the listener consumes the {@link #durable()}
	 * consumer of that stream, or an {@link #ordered()} consumer, instead of core subjects.
	 * @return the stream name, or empty for a core listener
	 */
	String stream() default "";

	/**
	 * The durable pull consumer of the {@link #stream()} to consume; it must exist on the server
	 * or be declared under {@code kumo.nats.connections.<name>.jetstream.consumers}.
	 * @return the durable consumer name
	 */
	String durable() default "";

	/**
	 * Whether the listener replays the {@link #stream()} from its start through an ordered,
	 * ephemeral consumer, filtered by the {@link #subjects()} when any; its messages need no
	 * acknowledgement.
	 * @return {@code true} or {@code false}
	 */
	String ordered() default "false";

	/**
	 * After how many failed deliveries a message is terminated and dead-lettered; by default the
	 * consumer's own {@code max-deliver}, and never when that is unlimited.
	 * @return a number of at least 1, or empty for the consumer's
	 */
	String maxDeliveries() default "";

	/**
	 * The delays before a failed message is delivered again, by delivery count, the last one
	 * repeated, for example {@code 1s,5s,30s}; immediately when empty.
	 * @return the delays as durations
	 */
	String backoff() default "";

	/**
	 * The subject a message is published to, with headers saying why, before it is terminated
	 * after {@link #maxDeliveries()} failures.
	 * @return the dead-letter subject, or empty for none
	 */
	String deadLetterSubject() default "";

}
