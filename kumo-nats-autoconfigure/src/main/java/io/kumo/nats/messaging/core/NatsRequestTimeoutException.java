package io.kumo.nats.messaging.core;

import java.util.concurrent.TimeoutException;

/**
 * Thrown when no reply to a request arrives within the connection's {@code request-timeout}.
 */
public class NatsRequestTimeoutException extends RuntimeException {

	/**
	 * Creates a new instance.
	 * @param cause the timeout, whose message names the subject and the time waited
	 */
	public NatsRequestTimeoutException(TimeoutException cause) {
		super(cause.getMessage(), cause);
	}

}
