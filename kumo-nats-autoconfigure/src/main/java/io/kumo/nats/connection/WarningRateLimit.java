package io.kumo.nats.connection;

import java.time.Duration;

/**
 * Lets through the first of a run of like warnings and then at most one per interval, each
 * carrying the number left out since the one before, so a failure repeated thousands of times
 * a second leaves a line every few seconds instead of flooding the log.
 */
final class WarningRateLimit {

	static final long SUPPRESSED = -1;

	private final long intervalNanos;

	private long lastWritten;

	private boolean written;

	private long leftOut;

	WarningRateLimit(Duration interval) {
		this.intervalNanos = interval.toNanos();
	}

	/**
	 * Decides about one occurrence.
	 * @param now the current {@link System#nanoTime()}
	 * @return {@link #SUPPRESSED} when the warning is to be left out, otherwise how many were left
	 * out since the last one written
	 */
	synchronized long admit(long now) {
		if (this.written && now - this.lastWritten < this.intervalNanos) {
			this.leftOut++;
			return SUPPRESSED;
		}
		long count = this.leftOut;
		this.written = true;
		this.lastWritten = now;
		this.leftOut = 0;
		return count;
	}

}
