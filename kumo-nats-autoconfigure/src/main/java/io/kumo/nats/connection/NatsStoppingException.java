package io.kumo.nats.connection;

/**
 * Thrown by a publish or a connect that starts after the application began to shut down: the work
 * was not handed to NATS, so nothing was stored.
 */
public class NatsStoppingException extends IllegalStateException {

	/**
	 * The text every refused call carries.
	 */
	public static final String MESSAGE = "application is stopping";

	NatsStoppingException() {
		super(MESSAGE);
	}

}
