package io.kumo.nats.messaging.listener;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.nats.client.Message;

/**
 * Acknowledges one delivered message at most once and counts what was done in the listener's
 * activity.
 */
final class JetStreamAcknowledgment implements NatsAcknowledgment {

	private final Message message;

	private final JetStreamListenerActivity activity;

	private final AtomicBoolean acknowledged = new AtomicBoolean();

	JetStreamAcknowledgment(Message message, JetStreamListenerActivity activity) {
		this.message = message;
		this.activity = activity;
	}

	@Override
	public void ack() {
		if (this.acknowledged.compareAndSet(false, true)) {
			this.message.ack();
			this.activity.acked();
		}
	}

	@Override
	public void nak() {
		nak(Duration.ZERO);
	}

	@Override
	public void nak(Duration delay) {
		if (this.acknowledged.compareAndSet(false, true)) {
			if (delay.isZero() || delay.isNegative()) {
				this.message.nak();
			}
			else {
				this.message.nakWithDelay(delay);
			}
			this.activity.naked();
		}
	}

	@Override
	public void inProgress() {
		if (!this.acknowledged.get()) {
			this.message.inProgress();
		}
	}

	@Override
	public void term() {
		if (this.acknowledged.compareAndSet(false, true)) {
			this.message.term();
			this.activity.terminated();
		}
	}

	@Override
	public boolean isAcknowledged() {
		return this.acknowledged.get();
	}

}
