package io.kumo.nats.messaging.core;

/**
 * Thrown when a request is answered with a NATS service error (the {@code Nats-Service-Error}
 * and {@code Nats-Service-Error-Code} headers): the responder failed, so its reply is no
 * payload to convert.
 */
public class NatsServiceErrorException extends RuntimeException {

	private static final int MAX_TEXT_LENGTH = 200;

	private final String subject;

	private final int code;

	private final String text;

	/**
	 * Creates a new instance.
	 * @param subject the subject the request was sent to
	 * @param code the error code the responder gave, or {@code -1} when it gave none or no number
	 * @param text the error text the responder gave
	 */
	public NatsServiceErrorException(String subject, int code, String text) {
		super("The responder on '" + subject + "' failed with service error " + code + ": " + bounded(text));
		this.subject = subject;
		this.code = code;
		this.text = text;
	}

	private static String bounded(String text) {
		return (text.length() > MAX_TEXT_LENGTH) ? text.substring(0, MAX_TEXT_LENGTH) + "..." : text;
	}

	/**
	 * Returns the subject the request was sent to.
	 * @return the subject
	 */
	public String getSubject() {
		return this.subject;
	}

	/**
	 * Returns the error code the responder gave.
	 * @return the code, or {@code -1} when it gave none or no number
	 */
	public int getCode() {
		return this.code;
	}

	/**
	 * Returns the error text the responder gave.
	 * @return the text
	 */
	public String getText() {
		return this.text;
	}

}
