package io.kumo.nats.connection;

/**
 * Thrown when a request reaches no subscriber: the server says so at once, so the caller need not
 * wait for the timeout.
 */
public class NatsNoRespondersException extends RuntimeException {

	NatsNoRespondersException(String subject) {
		super("no responders for subject '" + subject + "'");
	}

}
