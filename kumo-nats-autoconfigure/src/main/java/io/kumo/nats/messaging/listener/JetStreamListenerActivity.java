package io.kumo.nats.messaging.listener;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a JetStream listener did with the messages of its consumer, counted as it happens, so
 * that meters and health read it without asking the server; the consumer's own pending counts
 * come from the server separately.
 */
public final class JetStreamListenerActivity {

	private final LongAdder delivered = new LongAdder();

	private final LongAdder redelivered = new LongAdder();

	private final LongAdder acked = new LongAdder();

	private final LongAdder naked = new LongAdder();

	private final LongAdder terminated = new LongAdder();

	private final LongAdder deadLettered = new LongAdder();

	private volatile long lastDeliveryNanos = System.nanoTime();

	/**
	 * Records a delivery to the listener.
	 * @param redelivery whether the server delivered the message before
	 */
	public void delivered(boolean redelivery) {
		this.lastDeliveryNanos = System.nanoTime();
		this.delivered.increment();
		if (redelivery) {
			this.redelivered.increment();
		}
	}

	/**
	 * Records the start of the listener, from when a consumer that gets no delivery counts as
	 * idle.
	 */
	public void started() {
		this.lastDeliveryNanos = System.nanoTime();
	}

	/**
	 * Records an acknowledged message.
	 */
	public void acked() {
		this.acked.increment();
	}

	/**
	 * Records a message handed back for redelivery.
	 */
	public void naked() {
		this.naked.increment();
	}

	/**
	 * Records a message terminated: never delivered again.
	 */
	public void terminated() {
		this.terminated.increment();
	}

	/**
	 * Records a message published to the dead-letter subject.
	 */
	public void deadLettered() {
		this.deadLettered.increment();
	}

	public long getDelivered() {
		return this.delivered.sum();
	}

	public long getRedelivered() {
		return this.redelivered.sum();
	}

	public long getAcked() {
		return this.acked.sum();
	}

	public long getNaked() {
		return this.naked.sum();
	}

	public long getTerminated() {
		return this.terminated.sum();
	}

	public long getDeadLettered() {
		return this.deadLettered.sum();
	}

	/**
	 * Returns how long ago the last delivery was, or the start when there has been none.
	 * @return the time since
	 */
	public Duration sinceLastDelivery() {
		return Duration.ofNanos(System.nanoTime() - this.lastDeliveryNanos);
	}

}
