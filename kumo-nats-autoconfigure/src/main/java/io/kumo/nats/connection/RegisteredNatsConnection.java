package io.kumo.nats.connection;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.kumo.nats.settings.NatsConnectionSettings;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueOptions;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import org.jspecify.annotations.Nullable;

/**
 * A live connection with the name it is registered under, where it came from, the settings it
 * was built from and its event counts.
 */
public final class RegisteredNatsConnection implements AutoCloseable {

	private final String name;

	private final NatsConnectionOrigin origin;

	private final Connection connection;

	private final NatsConnectionSettings settings;

	private final NatsConnectionEvents events;

	private final NatsConnectionRegistry registry;

	private final @Nullable IdleNatsConnections idle;

	private final InFlightPublishes inFlight = new InFlightPublishes();

	private final LinkSignals link = new LinkSignals();

	RegisteredNatsConnection(String name, NatsConnectionOrigin origin, Connection connection,
			NatsConnectionSettings settings, NatsConnectionEvents events, NatsConnectionRegistry registry,
			@Nullable IdleNatsConnections idle) {
		this.name = name;
		this.origin = origin;
		this.connection = connection;
		this.settings = settings;
		this.events = events;
		this.registry = registry;
		this.idle = idle;
		connection.addConnectionListener(this.link);
		this.link.follow(connection.getStatus());
	}

	public String name() {
		return this.name;
	}

	public NatsConnectionOrigin origin() {
		return this.origin;
	}

	public Connection connection() {
		return this.connection;
	}

	public NatsConnectionSettings settings() {
		return this.settings;
	}

	public NatsConnectionEvents events() {
		return this.events;
	}

	/**
	 * The JetStream context of this connection, with {@code request-timeout} as its timeout. Its
	 * publishes wait for the connection to be up, are sent again with the same
	 * {@code Nats-Msg-Id} when the connection is lost before their acknowledgement (unless
	 * {@code resend-on-reconnect} is off), fail with
	 * {@link NatsPublishOutcomeUnknownException} when they may or may not have been stored, and
	 * with {@link NatsStoppingException} once the application is stopping.
	 * @return the JetStream context
	 * @throws IOException if JetStream is not available
	 */
	public JetStream jetStream() throws IOException {
		return new ReconnectSafeJetStream(this.connection.jetStream(jetStreamOptions()), this.inFlight, this.link,
				this.settings.requestTimeout(), this.settings.resendOnReconnect());
	}

	/**
	 * Whether the application is stopping, so that this connection takes no new publishes.
	 * @return {@code true} once shutdown began
	 */
	public boolean isStopping() {
		return this.inFlight.isStopping();
	}

	/**
	 * JetStream publishes of this connection still waiting for their acknowledgement.
	 * @return the number of publishes in flight
	 */
	public int publishesInFlight() {
		return this.inFlight.count();
	}

	void stopPublishing() {
		this.inFlight.stop();
	}

	boolean awaitPublishes(long deadline) throws InterruptedException {
		return this.inFlight.awaitNone(deadline);
	}

	/**
	 * JetStream management for this connection, with {@code request-timeout} as its timeout.
	 * @return the management context
	 * @throws IOException if JetStream is not available
	 */
	public JetStreamManagement jetStreamManagement() throws IOException {
		return this.connection.jetStreamManagement(jetStreamOptions());
	}

	/**
	 * A key-value bucket of this connection, with {@code request-timeout} as its timeout.
	 * @param bucket the bucket name
	 * @return the bucket
	 * @throws IOException if JetStream is not available or the bucket does not exist
	 */
	public KeyValue keyValue(String bucket) throws IOException {
		return this.connection.keyValue(bucket,
				KeyValueOptions.builder().jetStreamOptions(jetStreamOptions()).build());
	}

	private JetStreamOptions jetStreamOptions() {
		return JetStreamOptions.builder().requestTimeout(this.settings.requestTimeout()).build();
	}

	/**
	 * Sends a request and waits for its reply, by default no longer than the connection's
	 * {@code request-timeout}.
	 * @param subject the subject
	 * @param headers the headers, or {@code null}
	 * @param body the body
	 * @param timeout how long to wait, or {@code null} for the connection's request timeout
	 * @return the reply
	 * @throws TimeoutException if no reply arrives in time
	 * @throws NatsNoRespondersException if nobody listens on the subject
	 * @throws InterruptedException if the waiting thread is interrupted
	 */
	public Message request(String subject, @Nullable Headers headers, byte[] body, @Nullable Duration timeout)
			throws TimeoutException, InterruptedException {
		Duration wait = (timeout != null) ? timeout : this.settings.requestTimeout();
		CompletableFuture<Message> reply = this.connection.requestWithTimeout(subject, headers, body, wait);
		try {
			return reply.get(wait.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (CancellationException | ExecutionException ex) {
			Exception failure = requestFailure(subject, wait, reply, ex);
			if (failure instanceof TimeoutException timedOut) {
				throw timedOut;
			}
			throw (RuntimeException) failure;
		}
		catch (TimeoutException ex) {
			reply.cancel(true);
			throw timedOut(subject, wait);
		}
	}

	/**
	 * Sends a request whose reply completes the returned future, by default within the
	 * connection's {@code request-timeout}; it fails as {@link #request} throws.
	 * @param subject the subject
	 * @param headers the headers, or {@code null}
	 * @param body the body
	 * @param timeout how long to wait, or {@code null} for the connection's request timeout
	 * @return the future reply
	 */
	public CompletableFuture<Message> requestAsync(String subject, @Nullable Headers headers, byte[] body,
			@Nullable Duration timeout) {
		Duration wait = (timeout != null) ? timeout : this.settings.requestTimeout();
		CompletableFuture<Message> reply = this.connection.requestWithTimeout(subject, headers, body, wait);
		CompletableFuture<Message> result = new CompletableFuture<>();
		reply.orTimeout(wait.toNanos(), TimeUnit.NANOSECONDS).whenComplete((message, failure) -> {
			if (failure == null) {
				result.complete(message);
			}
			else {
				result.completeExceptionally(requestFailure(subject, wait, reply, failure));
			}
		});
		return result;
	}

	private Exception requestFailure(String subject, Duration wait, CompletableFuture<Message> reply,
			Throwable thrown) {
		Throwable failure = ((thrown instanceof ExecutionException || thrown instanceof CompletionException)
				&& thrown.getCause() != null) ? thrown.getCause() : thrown;
		if (failure instanceof TimeoutException) {
			return timedOut(subject, wait);
		}
		return switch (NatsFailures.ofRequest(reply, thrown, this.connection)) {
			case TIMEOUT -> timedOut(subject, wait);
			case NO_RESPONDERS -> new NatsNoRespondersException(subject);
			case CLOSED, CONNECTION_LOST -> new IllegalStateException(
					"request to '" + subject + "' failed: the connection was lost before a reply arrived", thrown);
			default -> new IllegalStateException("request to '" + subject + "' failed: " + failure.getMessage(),
					thrown);
		};
	}

	private static TimeoutException timedOut(String subject, Duration wait) {
		return new TimeoutException("no reply to '" + subject + "' within " + wait.toMillis() + " ms");
	}

	/**
	 * Removes the connection from the registry, and so from health and metrics, and closes it, or
	 * hands it to the idle pool it was opened from. Closing twice does nothing more.
	 */
	@Override
	public void close() {
		if (!this.registry.remove(this)) {
			return;
		}
		this.connection.removeConnectionListener(this.link);
		if (this.idle != null && !isStopping() && this.idle.park(this)) {
			return;
		}
		try {
			this.connection.close();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public String toString() {
		return "RegisteredNatsConnection[" + this.name + ", " + this.origin.tagValue() + "]";
	}

}
