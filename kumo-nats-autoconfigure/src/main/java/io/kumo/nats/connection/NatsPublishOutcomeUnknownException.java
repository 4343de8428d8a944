package io.kumo.nats.connection;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a JetStream publish was sent but no acknowledgement arrived: the connection was lost
 * or closed, or the wait timed out. The server may or may not have stored the message. With a
 * {@code Nats-Msg-Id} a retry is safe, since the stream drops a repeat within its duplicate window.
 */
public class NatsPublishOutcomeUnknownException extends IOException {

	/**
	 * The reason given when no acknowledgement arrived in time, worded as KumoMTA scripts expect.
	 */
	public static final String TIMED_OUT = "timed out: didn't receive ack in time";

	private final String subject;

	private final @Nullable String messageId;

	private final NatsFailureKind kind;

	NatsPublishOutcomeUnknownException(String subject, @Nullable String messageId, NatsFailureKind kind,
			String reason, @Nullable Throwable cause) {
		super("publish to '" + subject + "': outcome unknown, " + retryAdvice(messageId) + ": " + reason, cause);
		this.subject = subject;
		this.messageId = messageId;
		this.kind = kind;
	}

	private static String retryAdvice(@Nullable String messageId) {
		return (messageId != null) ? "safe to retry with the same Nats-Msg-Id '" + messageId + "'"
				: "a retry may store it twice unless it carries a Nats-Msg-Id";
	}

	public String getSubject() {
		return this.subject;
	}

	/**
	 * The message id a retry must carry to be safe.
	 * @return the {@code Nats-Msg-Id}, or {@code null} when the publish had none
	 */
	public @Nullable String getMessageId() {
		return this.messageId;
	}

	/**
	 * Why no acknowledgement arrived: {@code TIMEOUT}, {@code CONNECTION_LOST} or {@code CLOSED},
	 * or {@code OTHER} when the cause tells more.
	 * @return the kind of failure
	 */
	public NatsFailureKind getKind() {
		return this.kind;
	}

}
