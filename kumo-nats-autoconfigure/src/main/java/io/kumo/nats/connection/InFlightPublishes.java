package io.kumo.nats.connection;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JetStream publishes of one connection that wait for their acknowledgement. Once stopped it
 * refuses new ones, so that shutdown can wait for the outstanding ones before it closes the
 * connection.
 */
final class InFlightPublishes {

	private final AtomicInteger count = new AtomicInteger();

	private volatile boolean stopping;

	/**
	 * Counts a publish in, unless the application is stopping.
	 * @throws NatsStoppingException once {@link #stop()} was called
	 */
	void begin() {
		if (this.stopping) {
			throw new NatsStoppingException();
		}
		this.count.incrementAndGet();
		if (this.stopping) {
			end();
			throw new NatsStoppingException();
		}
	}

	void end() {
		if (this.count.decrementAndGet() == 0 && this.stopping) {
			synchronized (this) {
				notifyAll();
			}
		}
	}

	void stop() {
		this.stopping = true;
	}

	boolean isStopping() {
		return this.stopping;
	}

	int count() {
		return this.count.get();
	}

	/**
	 * Waits until no publish is outstanding.
	 * @param deadline the {@link System#nanoTime()} to give up at
	 * @return whether none is outstanding
	 */
	boolean awaitNone(long deadline) throws InterruptedException {
		synchronized (this) {
			while (this.count.get() > 0) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this, left);
			}
			return true;
		}
	}

}
