package io.kumo.nats.lua;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.kumo.nats.connection.NatsConnectionLease;
import io.kumo.nats.connection.NatsFailures;
import io.kumo.nats.connection.NatsNoRespondersException;
import io.kumo.nats.connection.NatsPublishOutcomeUnknownException;
import io.kumo.nats.connection.NatsStoppingException;
import io.kumo.nats.connection.RegisteredNatsConnection;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.PublishAck;
import org.luaj.vm2.LuaError;

/**
 * What a script's client object does, on one registered connection: JetStream and core publishes,
 * requests and flushes, with jnats's failures turned into the error texts KumoMTA scripts expect.
 * A client either holds a lease on a connection shared by the script states that asked for equal
 * settings, which {@link #close()} lets go of, or uses one the application declared, which it
 * leaves open. Either way a closed client is closed, whatever happens to the connection.
 */
final class LuaNatsClient {

	static final String CLOSED = "client was closed";

	static final String NO_STREAM = "no stream found for given subject";

	static final String ACK_TIMEOUT = NatsPublishOutcomeUnknownException.TIMED_OUT;

	private final RegisteredNatsConnection registered;

	private final Runnable release;

	private final JetStream jetStream;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final LuaMessages.SubjectCache subjects = new LuaMessages.SubjectCache();

	private LuaNatsClient(RegisteredNatsConnection registered, Runnable release) {
		this.registered = registered;
		this.release = release;
		try {
			this.jetStream = registered.jetStream();
		}
		catch (IOException ex) {
			throw new LuaError("jetstream is not available on connection '" + registered.name() + "'");
		}
	}

	static LuaNatsClient holding(NatsConnectionLease lease) {
		return new LuaNatsClient(lease.connection(), lease::close);
	}

	static LuaNatsClient using(RegisteredNatsConnection registered) {
		return new LuaNatsClient(registered, () -> {
		});
	}

	LuaMessages.SubjectCache subjects() {
		return this.subjects;
	}

	boolean isClosed() {
		return this.closed.get();
	}

	String name() {
		return this.registered.name();
	}

	Duration requestTimeout() {
		return this.registered.settings().requestTimeout();
	}

	PublishAck publish(LuaMessages.Outgoing message) {
		Connection connection = this.registered.connection();
		try {
			return this.jetStream.publish(message.subject(), message.headers(), message.data());
		}
		catch (JetStreamApiException ex) {
			throw new LuaError("jetstream publish to '" + message.subject() + "' failed: " + ex.getMessage());
		}
		catch (NatsPublishOutcomeUnknownException ex) {
			throw new LuaError(ex.getMessage());
		}
		catch (IOException ex) {
			throw publishFailure(connection, ex);
		}
		catch (IllegalStateException ex) {
			throw closedOr(connection, ex);
		}
	}

	void publishWithoutAck(LuaMessages.Outgoing message) {
		Connection connection = this.registered.connection();
		try {
			this.jetStream.publishAsync(message.subject(), message.headers(), message.data())
				.orTimeout(requestTimeout().toNanos(), TimeUnit.NANOSECONDS)
				.whenComplete((ack, failure) -> {
					if (failure != null) {
						this.registered.events().publishFailed(message.subject(), describe(failure));
					}
				});
		}
		catch (IllegalStateException ex) {
			throw closedOr(connection, ex);
		}
	}

	void publishCore(LuaMessages.Outgoing message) {
		Connection connection = this.registered.connection();
		try {
			connection.publish(message.subject(), message.headers(), message.data());
		}
		catch (IllegalStateException ex) {
			throw closedOr(connection, ex);
		}
	}

	Message request(LuaMessages.Outgoing message, Duration timeout) {
		Connection connection = this.registered.connection();
		try {
			return this.registered.request(message.subject(), message.headers(), message.data(), timeout);
		}
		catch (TimeoutException ex) {
			throw requestTimedOut(message, timeout);
		}
		catch (NatsNoRespondersException ex) {
			throw closedOr(connection, new LuaError("no responders: nothing subscribes to '" + message.subject() + "'"));
		}
		catch (IllegalStateException ex) {
			throw closedOr(connection, new LuaError("request to '" + message.subject() + "' failed: "
					+ describe(ex.getCause() != null ? ex.getCause() : ex).getMessage()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LuaError("request to '" + message.subject() + "' was interrupted");
		}
	}

	void flush(Duration timeout) {
		Connection connection = this.registered.connection();
		try {
			connection.flush(timeout);
		}
		catch (TimeoutException ex) {
			throw closedOr(connection, new LuaError("timed out: the server did not confirm the flush within "
					+ timeout.toMillis() + " ms"));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LuaError("flush was interrupted");
		}
		catch (IllegalStateException ex) {
			throw closedOr(connection, ex);
		}
	}

	/**
	 * Closes the client and lets go of its lease; the connection closes when no other client holds
	 * it. A connection the application declared stays open.
	 */
	void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.release.run();
		}
	}

	/**
	 * Checks the client before its arguments, so that every call on a closed client, or once the
	 * application is stopping, says so. The client methods call it first; the operations below
	 * rely on that.
	 * @return the open connection
	 */
	Connection openConnection() {
		Connection connection = this.registered.connection();
		if (this.registered.isStopping()) {
			throw new LuaError(NatsStoppingException.MESSAGE);
		}
		if (this.closed.get() || connection.getStatus() == Connection.Status.CLOSED) {
			throw new LuaError(CLOSED);
		}
		return connection;
	}

	private LuaError publishFailure(Connection connection, IOException ex) {
		return switch (NatsFailures.of(ex, connection)) {
			case NO_RESPONDERS -> new LuaError(NO_STREAM);
			case TIMEOUT, CONNECTION_LOST -> new LuaError(ACK_TIMEOUT);
			case CLOSED -> new LuaError(CLOSED);
			default -> new LuaError("jetstream publish failed: " + ex.getMessage());
		};
	}

	private LuaError requestTimedOut(LuaMessages.Outgoing message, Duration timeout) {
		return new LuaError("timed out: no reply to the request on '" + message.subject() + "' within "
				+ timeout.toMillis() + " ms");
	}

	private static LuaError closedOr(Connection connection, RuntimeException failure) {
		if (connection.getStatus() == Connection.Status.CLOSED) {
			return new LuaError(CLOSED);
		}
		return (failure instanceof LuaError luaError) ? luaError : new LuaError(failure.getMessage());
	}

	private static Throwable describe(Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof ExecutionException || cause instanceof CompletionException
				|| cause.getClass() == RuntimeException.class) && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return (cause instanceof TimeoutException) ? new TimeoutException(ACK_TIMEOUT) : cause;
	}

}
