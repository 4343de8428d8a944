package io.kumo.nats.connection;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import io.kumo.nats.settings.RedactedUrls;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;

/**
 * Listens to one connection's jnats events: logs them through Spring's logging (jnats would use
 * java.util.logging), counts the ones jnats's statistics leave out, and hands over the connection
 * object of a connection opened in the background.
 */
public final class NatsConnectionEvents implements ConnectionListener, ErrorListener {

	private static final Log logger = LogFactory.getLog(NatsConnectionEvents.class);

	private final String connectionName;

	private final LongAdder disconnects = new LongAdder();

	private final LongAdder lameDuckNotices = new LongAdder();

	private final LongAdder slowConsumers = new LongAdder();

	private final LongAdder failedPublishes = new LongAdder();

	private final CompletableFuture<Connection> firstSeen = new CompletableFuture<>();

	private final InitialConnect initialConnect;

	private final AtomicBoolean connected = new AtomicBoolean();

	private volatile @Nullable String lastError;

	NatsConnectionEvents(String connectionName, boolean inBackground) {
		this.connectionName = connectionName;
		this.initialConnect = new InitialConnect(!inBackground);
	}

	@Override
	public void connectionEvent(Connection connection, Events event) {
		seen(connection);
		switch (event) {
			case DISCONNECTED -> {
				if (this.connected.compareAndSet(true, false)) {
					this.disconnects.increment();
					logger.warn(LogMessage.format("NATS connection '%s' disconnected", this.connectionName));
				}
			}
			case LAME_DUCK -> {
				this.lameDuckNotices.increment();
				logger.warn(LogMessage.format("NATS connection '%s': server entered lame duck mode", this.connectionName));
			}
			case CONNECTED, RECONNECTED -> {
				this.initialConnect.connected(connection);
				this.connected.set(true);
				logger.info(LogMessage.format("NATS connection '%s' %s to %s", this.connectionName, event.getEvent(),
						RedactedUrls.redact(String.valueOf(connection.getConnectedUrl()))));
			}
			default -> logger.debug(LogMessage.format("NATS connection '%s': %s", this.connectionName, event.getEvent()));
		}
	}

	@Override
	public void errorOccurred(Connection connection, String error) {
		seen(connection);
		this.initialConnect.serverError(connection, error);
		this.lastError = RedactedUrls.redact(error);
		logger.warn(LogMessage.format("NATS connection '%s': server error: %s", this.connectionName, this.lastError));
	}

	@Override
	public void exceptionOccurred(@Nullable Connection connection, Exception exception) {
		if (this.initialConnect.wasRefused() || (connection == null && this.initialConnect.failed(exception))) {
			return;
		}
		seen(connection);
		this.lastError = RedactedUrls.redact(describe(exception));
		logger.warn(LogMessage.format("NATS connection '%s': %s: %s", this.connectionName,
				exception.getClass().getSimpleName(), this.lastError));
	}

	@Override
	public void slowConsumerDetected(Connection connection, Consumer consumer) {
		this.slowConsumers.increment();
		logger.warn(LogMessage.format("NATS connection '%s': slow consumer, messages dropped", this.connectionName));
	}

	/**
	 * Records a publish whose outcome nobody waits for that failed, so it is counted and logged
	 * instead of silently lost.
	 * @param subject the subject of the message
	 * @param failure what went wrong
	 */
	public void publishFailed(String subject, Throwable failure) {
		this.failedPublishes.increment();
		this.lastError = RedactedUrls.redact(describe(failure));
		logger.warn(LogMessage.format("NATS connection '%s': publish to '%s' failed: %s", this.connectionName, subject,
				this.lastError));
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

	private static String describe(Throwable failure) {
		return (failure.getMessage() != null) ? failure.getMessage() : failure.getClass().getSimpleName();
	}

	private void seen(@Nullable Connection connection) {
		if (connection != null) {
			this.firstSeen.complete(connection);
		}
	}

	/**
	 * The last error the server or the client reported, with credentials removed from URLs.
	 * @return the error, or {@code null} if none happened
	 */
	public @Nullable String lastError() {
		return this.lastError;
	}

}
