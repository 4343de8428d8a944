package io.kumo.nats.connection;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;

import io.kumo.nats.settings.RedactedUrls;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.ForceReconnectOptions;
import io.nats.client.Subscription;
import io.nats.client.api.ServerInfo;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;

/**
 * Listens to one connection's jnats events: logs them through Spring's logging (jnats would use
 * java.util.logging), counts the ones jnats's statistics leave out, moves off a server in lame
 * duck mode, and hands over the connection object of a connection opened in the background.
 * <p>
 * The log stays quiet and truthful under faults: an outage is one warning when the connection is
 * lost and one line when it is back, with its length and the number of attempts, whatever
 * jnats reports in between; repeated warnings (slow consumers, failed publishes, errors) are
 * written at most once per {@link #WARNING_INTERVAL} with the count of those left out; and a
 * connection parked for reuse logs only at debug level.
 */
public final class NatsConnectionEvents implements ConnectionListener, ErrorListener {

	/**
	 * The shortest time between two warnings of one kind on one connection.
	 */
	public static final Duration WARNING_INTERVAL = Duration.ofSeconds(10);

	private static final Duration MOVE_FLUSH = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(NatsConnectionEvents.class);

	private final String connectionName;

	private final LongAdder disconnects = new LongAdder();

	private final LongAdder lameDuckNotices = new LongAdder();

	private final LongAdder slowConsumers = new LongAdder();

	private final LongAdder failedPublishes = new LongAdder();

	private final WarningRateLimit slowConsumerWarnings = new WarningRateLimit(WARNING_INTERVAL);

	private final WarningRateLimit publishWarnings = new WarningRateLimit(WARNING_INTERVAL);

	private final WarningRateLimit errorWarnings = new WarningRateLimit(WARNING_INTERVAL);

	private final CompletableFuture<Connection> firstSeen = new CompletableFuture<>();

	private final ConnectionOutage outage = new ConnectionOutage();

	private final InitialConnect initialConnect;

	private volatile @Nullable DatedError lastError;

	private volatile @Nullable Instant lastSlowConsumer;

	private volatile @Nullable NatsLameDuckNotice lameDuck;

	private volatile boolean parked;

	private volatile boolean moving;

	private volatile @Nullable Exception lastException;

	private volatile @Nullable ServerInfo serverInfoAtLastException;

	NatsConnectionEvents(String connectionName, boolean inBackground) {
		this.connectionName = connectionName;
		this.initialConnect = new InitialConnect(!inBackground);
	}

	@Override
	public void connectionEvent(Connection connection, Events event) {
		seen(connection);
		switch (event) {
			case DISCONNECTED -> disconnected();
			case CONNECTED, RECONNECTED -> connected(connection, event);
			case LAME_DUCK -> lameDuck(connection);
			case CLOSED -> closed();
			default -> logger.debug(LogMessage.format("NATS connection '%s': %s", this.connectionName, event.getEvent()));
		}
	}

	private void disconnected() {
		String server = this.outage.begin(System.nanoTime());
		if (server == null) {
			return;
		}
		this.disconnects.increment();
		if (!this.moving) {
			warn(LogMessage.format("NATS connection '%s' lost its server %s%s; reconnecting in the background "
					+ "(attempts are logged at debug level)", this.connectionName, server, cause()));
		}
	}

	private void connected(Connection connection, Events event) {
		String url = RedactedUrls.redact(String.valueOf(connection.getConnectedUrl()));
		ConnectionOutage.End end = this.outage.end(System.nanoTime(), url);
		this.lastError = null;
		NatsLameDuckNotice notice = this.lameDuck;
		if (notice != null && notice.movedTo() == null) {
			this.lameDuck = notice.movedTo(url);
		}
		boolean moved = this.moving;
		this.moving = false;
		if (end == null) {
			info(LogMessage.format("NATS connection '%s' %s to %s", this.connectionName, event.getEvent(), url));
		}
		else if (moved && end.attempts() == 0) {
			info(LogMessage.format("NATS connection '%s' moved from lame duck server %s to %s in %d ms",
					this.connectionName, end.server(), url, end.duration().toMillis()));
		}
		else if (end.server() == null) {
			info(LogMessage.format("NATS connection '%s' connected to %s after %s and %d attempts",
					this.connectionName, url, seconds(end.duration()), end.attempts() + 1));
		}
		else {
			info(LogMessage.format("NATS connection '%s' reconnected to %s after an outage of %s and %d attempts",
					this.connectionName, url, seconds(end.duration()), end.attempts() + 1));
		}
		this.initialConnect.connected(connection);
	}

	private void lameDuck(Connection connection) {
		this.lameDuckNotices.increment();
		String server = RedactedUrls.redact(String.valueOf(connection.getConnectedUrl()));
		this.lameDuck = new NatsLameDuckNotice(server, Instant.now(), null);
		if (connection.getServers().size() < 2) {
			warn(LogMessage.format("NATS connection '%s': server %s entered lame duck mode and there is no other "
					+ "server to move to; it will close the connection at the end of its grace period",
					this.connectionName, server));
			return;
		}
		info(LogMessage.format("NATS connection '%s': server %s entered lame duck mode; moving to another server",
				this.connectionName, server));
		this.moving = true;
		try {
			connection.getOptions().getExecutor().execute(() -> moveAway(connection));
		}
		catch (RejectedExecutionException ex) {
			this.moving = false;
		}
	}

	private void moveAway(Connection connection) {
		try {
			connection.forceReconnect(ForceReconnectOptions.builder().flush(MOVE_FLUSH).build());
		}
		catch (IOException ex) {
			this.moving = false;
			exceptionOccurred(connection, ex);
		}
		catch (InterruptedException ex) {
			this.moving = false;
			Thread.currentThread().interrupt();
		}
	}

	private void closed() {
		ConnectionOutage.End end = this.outage.end(System.nanoTime(), null);
		if (end != null && end.server() != null && end.attempts() > 0) {
			warn(LogMessage.format("NATS connection '%s' closed during an outage of %s, after %d failed attempts%s",
					this.connectionName, seconds(end.duration()), end.attempts(), cause()));
		}
		else {
			logger.debug(LogMessage.format("NATS connection '%s' closed", this.connectionName));
		}
	}

	@Override
	public void errorOccurred(Connection connection, String error) {
		seen(connection);
		this.initialConnect.serverError(connection, error);
		this.lastError = new DatedError(RedactedUrls.redact(error), Instant.now());
		long leftOut = this.errorWarnings.admit(System.nanoTime());
		if (leftOut != WarningRateLimit.SUPPRESSED) {
			warn(LogMessage.format("NATS connection '%s': server error: %s%s", this.connectionName,
					RedactedUrls.redact(error), leftOut(leftOut, "errors")));
		}
	}

	@Override
	public void exceptionOccurred(@Nullable Connection connection, Exception exception) {
		if (this.initialConnect.wasRefused() || (connection == null && this.initialConnect.failed(exception))) {
			return;
		}
		seen(connection);
		this.lastException = exception;
		this.serverInfoAtLastException = (connection != null) ? connection.getServerInfo() : null;
		String kind = exception.getClass().getSimpleName();
		String error = (exception.getMessage() != null) ? RedactedUrls.redact(exception.getMessage()) : kind;
		this.lastError = new DatedError(error, Instant.now());
		String message = (exception.getMessage() != null) ? kind + ": " + error : kind;
		ConnectionOutage.Attempt attempt = this.outage.failedAttempt();
		if (attempt == ConnectionOutage.Attempt.FIRST_BEFORE_CONNECTED || (attempt == ConnectionOutage.Attempt.FIRST && this.moving)) {
			warn(LogMessage.format("NATS connection '%s' cannot reach a server: %s (further attempts are logged "
					+ "at debug level)", this.connectionName, message));
		}
		else if (attempt != ConnectionOutage.Attempt.NONE || exception instanceof IOException) {
			logger.debug(LogMessage.format("NATS connection '%s': %s", this.connectionName, message));
		}
		else {
			long leftOut = this.errorWarnings.admit(System.nanoTime());
			if (leftOut != WarningRateLimit.SUPPRESSED) {
				warn(LogMessage.format("NATS connection '%s': %s%s", this.connectionName, message,
						leftOut(leftOut, "errors")));
			}
		}
	}

	@Override
	public void slowConsumerDetected(Connection connection, Consumer consumer) {
		this.slowConsumers.increment();
		this.lastSlowConsumer = Instant.now();
		long leftOut = this.slowConsumerWarnings.admit(System.nanoTime());
		if (leftOut != WarningRateLimit.SUPPRESSED) {
			String subject = (consumer instanceof Subscription subscription) ? " on '" + subscription.getSubject() + "'"
					: "";
			warn(LogMessage.format("NATS connection '%s': slow consumer%s, messages dropped (%d so far)%s",
					this.connectionName, subject, connection.getStatistics().getDroppedCount(),
					leftOut(leftOut, "slow consumer reports")));
		}
	}

	/**
	 * Records a publish whose outcome nobody waits for that failed, so it is counted and logged
	 * instead of silently lost.
	 * @param subject the subject of the message
	 * @param failure what went wrong
	 */
	public void publishFailed(String subject, Throwable failure) {
		this.failedPublishes.increment();
		String message = RedactedUrls.redact(describe(failure));
		this.lastError = new DatedError(message, Instant.now());
		long leftOut = this.publishWarnings.admit(System.nanoTime());
		if (leftOut != WarningRateLimit.SUPPRESSED) {
			warn(LogMessage.format("NATS connection '%s': publish to '%s' failed: %s%s", this.connectionName, subject,
					message, leftOut(leftOut, "failed publishes")));
		}
	}

	/**
	 * Marks the connection as parked for reuse, or back in use: a parked connection has no owner
	 * to warn, so it logs only at debug level.
	 * @param parked whether the connection is parked
	 */
	void parked(boolean parked) {
		this.parked = parked;
	}

	/**
	 * The connection object, once jnats has reported anything about it: the outcome of the first
	 * connect attempt of a connection opened in the background.
	 * @return a future of the connection
	 */
	CompletableFuture<Connection> firstSeen() {
		return this.firstSeen;
	}

	/**
	 * The outcome of the first connect of a connection that is not opened in the background.
	 * @return the first connect
	 */
	InitialConnect initialConnect() {
		return this.initialConnect;
	}

	/**
	 * Lost connections: jnats reports one loss as several {@code DISCONNECTED} events, so only the
	 * first after a connect counts.
	 * @return the number of times an established connection was lost
	 */
	public long disconnects() {
		return this.disconnects.sum();
	}

	public long lameDuckNotices() {
		return this.lameDuckNotices.sum();
	}

	public long slowConsumers() {
		return this.slowConsumers.sum();
	}

	public long failedPublishes() {
		return this.failedPublishes.sum();
	}

	/**
	 * When jnats last reported a consumer of this connection as slow, dropping messages.
	 * @return the time, or {@code null} if never
	 */
	public @Nullable Instant lastSlowConsumer() {
		return this.lastSlowConsumer;
	}

	/**
	 * The latest lame duck notice, and where the connection went since.
	 * @return the notice, or {@code null} if none arrived
	 */
	public @Nullable NatsLameDuckNotice lameDuck() {
		return this.lameDuck;
	}

	/**
	 * The last error the server or the client reported since the connection was last
	 * established, with credentials removed from URLs; a (re)connect clears it.
	 * @return the error, or {@code null} if none happened since
	 */
	public @Nullable String lastError() {
		DatedError error = this.lastError;
		return (error != null) ? error.message() : null;
	}

	/**
	 * The {@link #lastError() last error} with the time it happened.
	 * @return the error, or {@code null} if none happened since the last (re)connect
	 */
	public @Nullable DatedError datedLastError() {
		return this.lastError;
	}

	private static String describe(Throwable failure) {
		return (failure.getMessage() != null) ? failure.getMessage() : failure.getClass().getSimpleName();
	}

	private void seen(@Nullable Connection connection) {
		if (connection != null) {
			this.firstSeen.complete(connection);
		}
	}

	private String cause() {
		String error = lastError();
		return (error != null) ? " (" + error + ")" : "";
	}

	private static String leftOut(long count, String what) {
		return (count > 0) ? "; " + count + " more " + what + " since the last warning" : "";
	}

	private static String seconds(Duration duration) {
		return String.format("%.1f s", duration.toMillis() / 1000.0);
	}

	private void warn(LogMessage message) {
		if (this.parked) {
			logger.debug(message);
		}
		else {
			logger.warn(message);
		}
	}

	private void info(LogMessage message) {
		if (this.parked) {
			logger.debug(message);
		}
		else {
			logger.info(message);
		}
	}

	/**
	 * An error and when it happened.
	 *
	 * @param message the error, with credentials removed from URLs
	 * @param at when it was reported
	 */
	public record DatedError(String message, Instant at) {
	}

	/**
	 * Classifies a failed connect from what {@code Nats.connect} threw and what jnats reported
	 * before it. jnats runs its callbacks to the end when a failed connect closes, so the reports
	 * are complete by then.
	 * @param failure what {@code Nats.connect} threw
	 * @param tlsWanted whether the client asked for TLS
	 * @return the kind of failure
	 */
	NatsFailureKind connectFailure(Throwable failure, boolean tlsWanted) {
		return NatsFailures.ofConnect(failure, this.lastException, this.serverInfoAtLastException, tlsWanted);
	}

}
