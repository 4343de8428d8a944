package io.kumo.nats.messaging.core;

/**
 * Thrown when a JetStream publish fails: its cause is the server's refusal
 * ({@link io.nats.client.JetStreamApiException}) or the I/O failure, such as
 * {@link io.kumo.nats.connection.NatsPublishOutcomeUnknownException} when the message may or may
 * not have been stored.
 */
public class NatsPublishException extends RuntimeException {

	/**
	 * Creates a new instance.
	 * @param subject the subject published to
	 * @param cause why the publish failed
	 */
	public NatsPublishException(String subject, Exception cause) {
		super("JetStream publish to '" + subject + "' failed: " + cause.getMessage(), cause);
	}

}
