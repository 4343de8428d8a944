package io.kumo.nats.connection;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.nats.client.ConsumerContext;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.MessageHandler;
import io.nats.client.PublishOptions;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.StreamContext;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.support.NatsJetStreamConstants;
import org.jspecify.annotations.Nullable;

/**
 * jnats's JetStream context with publishes that survive a reconnect. A publish waits for the
 * connection to be up before it sends; when the connection is lost while it waits for the
 * acknowledgement, it is sent again with the same {@code Nats-Msg-Id} once the connection is back,
 * so the stream stores it once, or fails at once with {@link NatsPublishOutcomeUnknownException}
 * when it has no id or resending is off. A stream whose leader is being elected answers no one for
 * a moment, as a subject without a stream does: like nats.go, a publish that no stream answered is
 * sent twice more, 100 ms apart, before it fails saying there is no stream. Every publish,
 * asynchronous ones too, is counted in flight for shutdown, and refused with
 * {@link NatsStoppingException} once shutdown began. Subscriptions and contexts are jnats's own.
 */
final class ReconnectSafeJetStream implements JetStream {

	private static final int MAX_ATTEMPTS = 50;

	private static final int NO_STREAM_ATTEMPTS = 3;

	private static final long NO_RESPONDERS_PAUSE = TimeUnit.MILLISECONDS.toNanos(100);

	private final JetStream jetStream;

	private final InFlightPublishes inFlight;

	private final LinkSignals link;

	private final Duration timeout;

	private final boolean resend;

	ReconnectSafeJetStream(JetStream jetStream, InFlightPublishes inFlight, LinkSignals link, Duration timeout,
			boolean resend) {
		this.jetStream = jetStream;
		this.inFlight = inFlight;
		this.link = link;
		this.timeout = timeout;
		this.resend = resend;
	}

	@Override
	public PublishAck publish(String subject, byte[] body) throws IOException, JetStreamApiException {
		return publish(subject, null, body, null);
	}

	@Override
	public PublishAck publish(String subject, Headers headers, byte[] body) throws IOException, JetStreamApiException {
		return publish(subject, headers, body, null);
	}

	@Override
	public PublishAck publish(String subject, byte[] body, PublishOptions options)
			throws IOException, JetStreamApiException {
		return publish(subject, null, body, options);
	}

	@Override
	public PublishAck publish(Message message) throws IOException, JetStreamApiException {
		return publish(message.getSubject(), message.getHeaders(), message.getData(), null);
	}

	@Override
	public PublishAck publish(Message message, PublishOptions options) throws IOException, JetStreamApiException {
		return publish(message.getSubject(), message.getHeaders(), message.getData(), options);
	}

	@Override
	public PublishAck publish(String subject, @Nullable Headers headers, byte[] body, @Nullable PublishOptions options)
			throws IOException, JetStreamApiException {
		this.inFlight.begin();
		try {
			return acknowledged(subject, headers, body, options);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new NatsPublishOutcomeUnknownException(subject, messageId(headers, options), NatsFailureKind.OTHER,
					"interrupted while waiting for the ack", ex);
		}
		finally {
			this.inFlight.end();
		}
	}

	private PublishAck acknowledged(String subject, @Nullable Headers headers, byte[] body,
			@Nullable PublishOptions options) throws IOException, JetStreamApiException, InterruptedException {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		String messageId = messageId(headers, options);
		List<CompletableFuture<PublishAck>> attempts = new ArrayList<>(1);
		while (true) {
			awaitConnected(subject, messageId, deadline, !attempts.isEmpty());
			CompletableFuture<Void> lost = this.link.lost();
			attempts.add(this.jetStream.publishAsync(subject, headers, body, options));
			PublishAck ack = awaitAck(subject, messageId, attempts, lost, deadline);
			if (ack != null) {
				return ack;
			}
		}
	}

	/**
	 * Waits for the first acknowledgement of any attempt.
	 * @return the acknowledgement, or {@code null} when the publish is to be sent again
	 */
	private @Nullable PublishAck awaitAck(String subject, @Nullable String messageId,
			List<CompletableFuture<PublishAck>> attempts, CompletableFuture<Void> lost, long deadline)
			throws IOException, JetStreamApiException, InterruptedException {
		CompletableFuture<PublishAck> latest = attempts.get(attempts.size() - 1);
		while (true) {
			PublishAck ack = firstAck(attempts);
			if (ack != null) {
				return ack;
			}
			if (latest.isCompletedExceptionally()) {
				Throwable failure = failure(latest);
				boolean unsure = earlierMayBeStored(attempts);
				if (isNoResponders(failure) && attempts.size() < (unsure ? MAX_ATTEMPTS : NO_STREAM_ATTEMPTS)
						&& pause(deadline)) {
					return null;
				}
				throw failed(subject, messageId, failure, unsure);
			}
			if (lost.isDone()) {
				if (!this.resend || messageId == null || attempts.size() >= MAX_ATTEMPTS) {
					throw new NatsPublishOutcomeUnknownException(subject, messageId,
							NatsFailureKind.CONNECTION_LOST, "the connection was lost before the ack arrived", null);
				}
				return null;
			}
			if (deadline - System.nanoTime() <= 0) {
				throw new NatsPublishOutcomeUnknownException(subject, messageId, NatsFailureKind.TIMEOUT,
						NatsPublishOutcomeUnknownException.TIMED_OUT, null);
			}
			await(CompletableFuture.anyOf(waitable(attempts, lost)), deadline);
		}
	}

	/**
	 * What to wait for next: the latest attempt and the loss of the link always, so that neither
	 * can complete unseen, and earlier attempts that may still succeed.
	 */
	private static CompletableFuture<?>[] waitable(List<CompletableFuture<PublishAck>> attempts,
			CompletableFuture<Void> lost) {
		List<CompletableFuture<?>> waitable = new ArrayList<>(attempts.size() + 1);
		for (int i = 0; i < attempts.size() - 1; i++) {
			if (!attempts.get(i).isCompletedExceptionally()) {
				waitable.add(attempts.get(i));
			}
		}
		waitable.add(attempts.get(attempts.size() - 1));
		waitable.add(lost);
		return waitable.toArray(CompletableFuture<?>[]::new);
	}

	private void awaitConnected(String subject, @Nullable String messageId, long deadline, boolean sent)
			throws InterruptedException, NatsPublishOutcomeUnknownException {
		CompletableFuture<Void> restored = this.link.restored();
		if (restored.isDone() && !restored.isCompletedExceptionally()) {
			return;
		}
		await(restored, deadline);
		if (!restored.isDone()) {
			if (!sent) {
				throw new IllegalStateException("publish to '" + subject + "' was not sent: the connection was not "
						+ "back within " + this.timeout.toMillis() + " ms");
			}
			throw new NatsPublishOutcomeUnknownException(subject, messageId, NatsFailureKind.CONNECTION_LOST,
					"the connection was lost before the ack arrived and was not back within " + this.timeout.toMillis()
							+ " ms",
					null);
		}
		if (restored.isCompletedExceptionally()) {
			if (!sent) {
				throw new IllegalStateException("publish to '" + subject + "' was not sent: the connection is closed");
			}
			throw new NatsPublishOutcomeUnknownException(subject, messageId, NatsFailureKind.CLOSED,
					"the connection was closed before the ack arrived", null);
		}
	}

	private static void await(CompletableFuture<?> future, long deadline) throws InterruptedException {
		long left = deadline - System.nanoTime();
		if (left <= 0) {
			return;
		}
		try {
			future.get(left, TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException | CancellationException | TimeoutException ex) {
			return;
		}
	}

	private static boolean pause(long deadline) throws InterruptedException {
		if (deadline - System.nanoTime() <= NO_RESPONDERS_PAUSE) {
			return false;
		}
		TimeUnit.NANOSECONDS.sleep(NO_RESPONDERS_PAUSE);
		return true;
	}

	private static @Nullable PublishAck firstAck(List<CompletableFuture<PublishAck>> attempts) {
		for (CompletableFuture<PublishAck> attempt : attempts) {
			if (attempt.isDone() && !attempt.isCompletedExceptionally()) {
				return attempt.join();
			}
		}
		return null;
	}

	private static Throwable failure(CompletableFuture<PublishAck> failed) {
		try {
			failed.join();
			throw new IllegalStateException("the attempt did not fail");
		}
		catch (CancellationException ex) {
			return ex;
		}
		catch (CompletionException ex) {
			Throwable cause = ex;
			while ((cause instanceof CompletionException || cause.getClass() == RuntimeException.class)
					&& cause.getCause() != null) {
				cause = cause.getCause();
			}
			return cause;
		}
	}

	/**
	 * Whether an attempt before the latest may have been stored: any but those the server answered
	 * with no responders, which reached no stream.
	 */
	private static boolean earlierMayBeStored(List<CompletableFuture<PublishAck>> attempts) {
		for (int i = 0; i < attempts.size() - 1; i++) {
			CompletableFuture<PublishAck> attempt = attempts.get(i);
			if (!attempt.isCompletedExceptionally() || !isNoResponders(failure(attempt))) {
				return true;
			}
		}
		return false;
	}

	private static boolean isNoResponders(Throwable failure) {
		return failure instanceof IOException && String.valueOf(failure.getMessage()).contains("503");
	}

	/**
	 * What a failed acknowledgement means: the server's refusal, or no stream for the subject when
	 * no earlier attempt may have been stored, is definite; anything else leaves the outcome
	 * unknown.
	 * @return the exception to throw
	 * @throws JetStreamApiException when the server refused the message
	 */
	private static IOException failed(String subject, @Nullable String messageId, Throwable failure, boolean unsure)
			throws JetStreamApiException {
		if (failure instanceof JetStreamApiException apiException) {
			throw apiException;
		}
		if (!unsure && isNoResponders(failure)) {
			return (IOException) failure;
		}
		if (failure instanceof CancellationException) {
			return new NatsPublishOutcomeUnknownException(subject, messageId, NatsFailureKind.CLOSED,
					"the connection was closed before the ack arrived", failure);
		}
		return new NatsPublishOutcomeUnknownException(subject, messageId, NatsFailureKind.OTHER,
				String.valueOf(failure.getMessage()), failure);
	}

	private static @Nullable String messageId(@Nullable Headers headers, @Nullable PublishOptions options) {
		if (options != null && options.getMessageId() != null) {
			return options.getMessageId();
		}
		return (headers != null) ? headers.getFirst(NatsJetStreamConstants.MSG_ID_HDR) : null;
	}

	@Override
	public CompletableFuture<PublishAck> publishAsync(String subject, byte[] body) {
		return tracked(() -> this.jetStream.publishAsync(subject, body));
	}

	@Override
	public CompletableFuture<PublishAck> publishAsync(String subject, Headers headers, byte[] body) {
		return tracked(() -> this.jetStream.publishAsync(subject, headers, body));
	}

	@Override
	public CompletableFuture<PublishAck> publishAsync(String subject, byte[] body, PublishOptions options) {
		return tracked(() -> this.jetStream.publishAsync(subject, body, options));
	}

	@Override
	public CompletableFuture<PublishAck> publishAsync(String subject, Headers headers, byte[] body,
			PublishOptions options) {
		return tracked(() -> this.jetStream.publishAsync(subject, headers, body, options));
	}

	@Override
	public CompletableFuture<PublishAck> publishAsync(Message message) {
		return tracked(() -> this.jetStream.publishAsync(message));
	}

	@Override
	public CompletableFuture<PublishAck> publishAsync(Message message, PublishOptions options) {
		return tracked(() -> this.jetStream.publishAsync(message, options));
	}

	private CompletableFuture<PublishAck> tracked(AsyncPublish publish) {
		this.inFlight.begin();
		CompletableFuture<PublishAck> ack;
		try {
			ack = publish.send();
		}
		catch (RuntimeException ex) {
			this.inFlight.end();
			throw ex;
		}
		ack.whenComplete((result, failure) -> this.inFlight.end());
		return ack;
	}

	@Override
	public JetStreamSubscription subscribe(String subject) throws IOException, JetStreamApiException {
		return this.jetStream.subscribe(subject);
	}

	@Override
	public JetStreamSubscription subscribe(String subject, PushSubscribeOptions options)
			throws IOException, JetStreamApiException {
		return this.jetStream.subscribe(subject, options);
	}

	@Override
	public JetStreamSubscription subscribe(String subject, String queue, PushSubscribeOptions options)
			throws IOException, JetStreamApiException {
		return this.jetStream.subscribe(subject, queue, options);
	}

	@Override
	public JetStreamSubscription subscribe(String subject, Dispatcher dispatcher, MessageHandler handler,
			boolean autoAck) throws IOException, JetStreamApiException {
		return this.jetStream.subscribe(subject, dispatcher, handler, autoAck);
	}

	@Override
	public JetStreamSubscription subscribe(String subject, Dispatcher dispatcher, MessageHandler handler,
			boolean autoAck, PushSubscribeOptions options) throws IOException, JetStreamApiException {
		return this.jetStream.subscribe(subject, dispatcher, handler, autoAck, options);
	}

	@Override
	public JetStreamSubscription subscribe(String subject, String queue, Dispatcher dispatcher,
			MessageHandler handler, boolean autoAck, PushSubscribeOptions options)
			throws IOException, JetStreamApiException {
		return this.jetStream.subscribe(subject, queue, dispatcher, handler, autoAck, options);
	}

	@Override
	public JetStreamSubscription subscribe(String subject, PullSubscribeOptions options)
			throws IOException, JetStreamApiException {
		return this.jetStream.subscribe(subject, options);
	}

	@Override
	public JetStreamSubscription subscribe(String subject, Dispatcher dispatcher, MessageHandler handler,
			PullSubscribeOptions options) throws IOException, JetStreamApiException {
		return this.jetStream.subscribe(subject, dispatcher, handler, options);
	}

	@Override
	public StreamContext getStreamContext(String streamName) throws IOException, JetStreamApiException {
		return this.jetStream.getStreamContext(streamName);
	}

	@Override
	public ConsumerContext getConsumerContext(String streamName, String consumerName)
			throws IOException, JetStreamApiException {
		return this.jetStream.getConsumerContext(streamName, consumerName);
	}

	@Override
	public String toString() {
		return "ReconnectSafeJetStream[" + this.jetStream + "]";
	}

	@FunctionalInterface
	private interface AsyncPublish {

		CompletableFuture<PublishAck> send();

	}

}
