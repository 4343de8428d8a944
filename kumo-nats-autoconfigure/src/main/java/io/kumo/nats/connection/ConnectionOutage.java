package io.kumo.nats.connection;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The state of one connection's current outage: since when, from which server, and how many
 * attempts failed, so that the outage can be told as one line when it starts and one when it
 * ends. The first connect of a connection counts as an outage without a server until it
 * succeeds.
 */
final class ConnectionOutage {

	private boolean connected;

	private boolean everConnected;

	private long since = System.nanoTime();

	private int attempts;

	private @Nullable String server;

	private @Nullable String lastUrl;

	/**
	 * Starts an outage, if connected.
	 * @param now the current {@link System#nanoTime()}
	 * @return the server that was lost, or {@code null} when there was no connection to lose
	 */
	synchronized @Nullable String begin(long now) {
		if (!this.connected) {
			return null;
		}
		this.connected = false;
		this.since = now;
		this.attempts = 0;
		this.server = this.lastUrl;
		return String.valueOf(this.server);
	}

	/**
	 * Counts a failed attempt, if not connected.
	 * @return which attempt of the outage it was
	 */
	synchronized Attempt failedAttempt() {
		if (this.connected) {
			return Attempt.NONE;
		}
		this.attempts++;
		if (this.attempts > 1) {
			return Attempt.LATER;
		}
		return this.everConnected ? Attempt.FIRST : Attempt.FIRST_BEFORE_CONNECTED;
	}

	/**
	 * Ends the outage, by a connect or by the connection closing.
	 * @param now the current {@link System#nanoTime()}
	 * @param url the server connected to, or {@code null} when the connection closed
	 * @return the outage that ended, or {@code null} when there was none
	 */
	synchronized @Nullable End end(long now, @Nullable String url) {
		boolean wasOutage = !this.connected && (this.everConnected || this.attempts > 0);
		End end = wasOutage ? new End(this.server, Duration.ofNanos(now - this.since), this.attempts) : null;
		this.connected = url != null;
		if (url != null) {
			this.everConnected = true;
			this.lastUrl = url;
		}
		this.attempts = 0;
		this.since = now;
		return end;
	}

	enum Attempt {

		NONE, FIRST_BEFORE_CONNECTED, FIRST, LATER

	}

	/**
	 * An outage that ended.
	 *
	 * @param server the server lost, or {@code null} for a connection that had never connected
	 * @param duration how long it lasted
	 * @param attempts how many attempts failed
	 */
	record End(@Nullable String server, Duration duration, int attempts) {
	}

}
