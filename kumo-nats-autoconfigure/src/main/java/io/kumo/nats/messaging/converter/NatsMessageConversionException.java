package io.kumo.nats.messaging.converter;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a payload cannot be written as a message body or a body cannot be read as the
 * type asked for. Its message names the subject and shows at most a short prefix of the body.
 */
public class NatsMessageConversionException extends RuntimeException {

	/**
	 * Creates a new instance.
	 * @param message the detail message
	 * @param cause the cause, if any
	 */
	public NatsMessageConversionException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
