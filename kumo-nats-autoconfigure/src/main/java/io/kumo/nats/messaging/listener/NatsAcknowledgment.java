package io.kumo.nats.messaging.listener;

import java.time.Duration;

/**
 * The acknowledgement of one JetStream message, for a listener method that acknowledges it itself:
 * when the method takes this parameter, the container does not acknowledge the message when the
 * method returns, and only handles it as failed when the method throws before acknowledging it.
 */
public interface NatsAcknowledgment {

	/**
	 * Acknowledges the message: it is never delivered again.
	 */
	void ack();

	/**
	 * Hands the message back for redelivery now.
	 */
	void nak();

	/**
	 * Hands the message back for redelivery after a delay.
	 * @param delay how long the server waits before delivering it again
	 */
	void nak(Duration delay);

	/**
	 * Tells the server the message is still being handled, which restarts its ack wait.
	 */
	void inProgress();

	/**
	 * Terminates the message: it is never delivered again, and not acknowledged either.
	 */
	void term();

	/**
	 * Returns whether the message was acknowledged, handed back or terminated.
	 * @return {@code true} after {@link #ack()}, {@link #nak()} or {@link #term()}
	 */
	boolean isAcknowledged();

}
