package io.kumo.nats.messaging.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a listener method parameter to the first value of a message header, as a
 * {@code String}, or to all its values, as a {@code List<String>}.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface NatsHeader {

	/**
	 * The header name.
	 * @return the name
	 */
	String value();

	/**
	 * Whether a message without the header is an error, handed to the error handler; when
	 * {@code false} the parameter is {@code null}.
	 * @return whether the header is required
	 */
	boolean required() default true;

}
