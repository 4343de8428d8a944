package io.kumo.nats.messaging.listener;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.nats.client.ConsumeOptions;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.MessageHandler;
import io.nats.client.OrderedConsumerContext;
import io.nats.client.StreamContext;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.OrderedConsumerConfiguration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;

/**
 * Runs one listener on a JetStream consumer through jnats's simplified consumer API: a durable
 * pull consumer, acknowledged after the method returns and handed back with the backoff's delay
 * when it throws, until the last allowed delivery is dead-lettered and terminated; or an ordered
 * consumer replaying the stream. Messages running longer than half the consumer's ack wait are
 * kept in progress. Stopping stops the pulls, finishes the messages being handled, within the
 * shutdown timeout, and hands back those that reach the listener afterwards; any the client still
 * held when the consumer closed are delivered again after the ack wait.
 */
final class JetStreamNatsListenerContainer extends AbstractNatsListenerContainer
		implements JetStreamListenerContainer {

	private static final Log logger = LogFactory.getLog(JetStreamNatsListenerContainer.class);

	private static final int MAX_BATCH = 500;

	private final JetStreamEndpoint jetStream;

	private final ListenerMessageHandler handler;

	private final boolean manualAcknowledgment;

	private final DeadLetterPublisher deadLetters;

	private final JetStreamListenerActivity activity = new JetStreamListenerActivity();

	private final Map<JetStreamAcknowledgment, Long> inFlight = new ConcurrentHashMap<>();

	private volatile String consumerName;

	private volatile @Nullable OrderedConsumerContext ordered;

	private volatile int maxDeliveries;

	private @Nullable MessageConsumer consumer;

	private @Nullable ExecutorService executor;

	private @Nullable ScheduledExecutorService progress;

	private @Nullable Semaphore permits;

	JetStreamNatsListenerContainer(NatsListenerEndpoint endpoint, JetStreamEndpoint jetStream, String connectionName,
			Connection connection, ListenerMessageHandler handler, boolean manualAcknowledgment,
			Duration shutdownTimeout) {
		super(endpoint, connectionName, connection, shutdownTimeout);
		this.jetStream = jetStream;
		this.handler = handler;
		this.manualAcknowledgment = manualAcknowledgment;
		this.deadLetters = new DeadLetterPublisher(connection, endpoint.id(), jetStream.deadLetterSubject());
		this.consumerName = (jetStream.durable() != null) ? jetStream.durable() : "";
	}

	@Override
	public String getStream() {
		return this.jetStream.stream();
	}

	@Override
	public String getConsumer() {
		OrderedConsumerContext ordered = this.ordered;
		if (ordered != null) {
			String name = ordered.getConsumerName();
			return (name != null) ? name : "";
		}
		return this.consumerName;
	}

	@Override
	public JetStreamListenerActivity getActivity() {
		return this.activity;
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		StreamContext stream = streamContext();
		int concurrency = this.endpoint.concurrency();
		Semaphore permits = new Semaphore(concurrency);
		ExecutorService executor = (concurrency > 1) ? Executors.newFixedThreadPool(concurrency, threadFactory(""))
				: null;
		this.permits = permits;
		this.executor = executor;
		this.running = true;
		this.activity.started();
		try {
			if (this.jetStream.ordered()) {
				OrderedConsumerContext ordered = stream.createOrderedConsumer(
						new OrderedConsumerConfiguration().filterSubjects(this.endpoint.subjects()));
				this.consumer = ordered.consume(options(MAX_BATCH, concurrency), messageHandler(permits, executor));
				this.ordered = ordered;
			}
			else {
				ConsumerContext durable = consumerContext(stream);
				ConsumerConfiguration configuration = durable.getCachedConsumerInfo().getConsumerConfiguration();
				this.maxDeliveries = maxDeliveries(configuration);
				this.deadLetters.prepare();
				startProgress(configuration.getAckWait());
				this.consumer = durable.consume(options(configuration.getMaxAckPending(), concurrency),
						messageHandler(permits, executor));
			}
		}
		catch (IOException | JetStreamApiException ex) {
			this.running = false;
			shutdownThreads();
			throw new IllegalStateException("@NatsListener '" + getId() + "' could not consume " + describe() + ": "
					+ ex.getMessage(), ex);
		}
		catch (RuntimeException ex) {
			this.running = false;
			shutdownThreads();
			throw ex;
		}
	}

	@Override
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		long deadline = System.nanoTime() + this.shutdownTimeout.toNanos();
		MessageConsumer consumer = this.consumer;
		this.consumer = null;
		try {
			if (consumer != null) {
				consumer.stop();
			}
			awaitInFlight(deadline);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			if (consumer != null) {
				close(consumer);
			}
			shutdownThreads();
		}
	}

	private MessageHandler messageHandler(Semaphore permits, @Nullable ExecutorService executor) {
		if (executor == null) {
			return (message) -> {
				if (handBackWhenStopped(message)) {
					return;
				}
				permits.acquire();
				try {
					handle(message);
				}
				finally {
					permits.release();
				}
			};
		}
		return (message) -> {
			if (handBackWhenStopped(message)) {
				return;
			}
			permits.acquire();
			try {
				executor.execute(() -> {
					try {
						handle(message);
					}
					finally {
						permits.release();
					}
				});
			}
			catch (RejectedExecutionException ex) {
				permits.release();
				handBackWhenStopped(message);
			}
		};
	}

	private boolean handBackWhenStopped(Message message) {
		if (this.running) {
			return false;
		}
		if (!this.jetStream.ordered()) {
			new JetStreamAcknowledgment(message, this.activity).nak();
		}
		return true;
	}

	private void handle(Message message) {
		if (handBackWhenStopped(message)) {
			return;
		}
		boolean redelivery = message.metaData().deliveredCount() > 1;
		if (this.jetStream.ordered()) {
			this.activity.delivered(redelivery);
			this.handler.handle(message, null);
			return;
		}
		JetStreamAcknowledgment acknowledgment = new JetStreamAcknowledgment(message, this.activity);
		this.activity.delivered(redelivery);
		this.inFlight.put(acknowledgment, System.nanoTime());
		Throwable error;
		try {
			error = this.handler.handle(message, this.manualAcknowledgment ? acknowledgment : null);
		}
		finally {
			this.inFlight.remove(acknowledgment);
		}
		if (error == null) {
			if (!this.manualAcknowledgment) {
				acknowledgment.ack();
			}
		}
		else if (!acknowledgment.isAcknowledged()) {
			failed(message, acknowledgment, error);
		}
	}

	private void failed(Message message, JetStreamAcknowledgment acknowledgment, Throwable error) {
		long delivered = message.metaData().deliveredCount();
		if (this.maxDeliveries > 0 && delivered >= this.maxDeliveries) {
			if (this.deadLetters.publish(message, error)) {
				this.activity.deadLettered();
				acknowledgment.term();
			}
			else {
				acknowledgment.nak(this.jetStream.delayAfter(delivered));
			}
			return;
		}
		acknowledgment.nak(this.jetStream.delayAfter(delivered));
	}

	private void startProgress(Duration ackWait) {
		if (ackWait.isZero() || ackWait.isNegative()) {
			return;
		}
		long period = Math.max(1, ackWait.toNanos() / 3);
		ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(threadFactory("progress-"));
		progress.scheduleAtFixedRate(() -> keepInProgress(period), period, period, TimeUnit.NANOSECONDS);
		this.progress = progress;
	}

	private void keepInProgress(long olderThanNanos) {
		long now = System.nanoTime();
		this.inFlight.forEach((acknowledgment, started) -> {
			if (now - started >= olderThanNanos) {
				try {
					acknowledgment.inProgress();
				}
				catch (RuntimeException ex) {
					logger.debug(LogMessage.format("NATS listener '%s' could not report progress", getId()), ex);
				}
			}
		});
	}

	private void awaitInFlight(long deadline) throws InterruptedException {
		Semaphore permits = this.permits;
		if (permits == null) {
			return;
		}
		int concurrency = this.endpoint.concurrency();
		if (permits.tryAcquire(concurrency, remaining(deadline), TimeUnit.NANOSECONDS)) {
			permits.release(concurrency);
		}
		else {
			logger.warn(LogMessage.format(
					"NATS listener '%s' still had messages to handle after %d ms; stopping it anyway", getId(),
					this.shutdownTimeout.toMillis()));
		}
	}

	private void close(MessageConsumer consumer) {
		try {
			consumer.close();
		}
		catch (Exception ex) {
			logger.debug(LogMessage.format("NATS listener '%s' closed its consumer with its connection", getId()),
					ex);
		}
	}

	private void shutdownThreads() {
		ExecutorService executor = this.executor;
		ScheduledExecutorService progress = this.progress;
		this.executor = null;
		this.progress = null;
		if (executor != null) {
			executor.shutdownNow();
		}
		if (progress != null) {
			progress.shutdownNow();
		}
	}

	private StreamContext streamContext() {
		try {
			return this.connection.getStreamContext(this.jetStream.stream());
		}
		catch (JetStreamApiException ex) {
			throw new IllegalStateException("@NatsListener '" + getId() + "' consumes " + describe()
					+ ", but the server has no stream '" + getStream() + "' (" + ex.getMessage()
					+ "); declare it under kumo.nats.connections." + this.connectionName + ".jetstream.streams."
					+ getStream() + " or create it on the server", ex);
		}
		catch (IOException ex) {
			throw new IllegalStateException("@NatsListener '" + getId() + "' could not look up stream '" + getStream()
					+ "' on connection '" + this.connectionName + "': " + ex.getMessage(), ex);
		}
	}

	private ConsumerContext consumerContext(StreamContext stream) throws IOException {
		try {
			return stream.getConsumerContext(this.consumerName);
		}
		catch (JetStreamApiException ex) {
			throw new IllegalStateException("@NatsListener '" + getId() + "' consumes " + describe()
					+ ", but the server has no such consumer (" + ex.getMessage() + "); declare it under kumo.nats."
					+ "connections." + this.connectionName + ".jetstream.consumers." + this.consumerName
					+ " with stream " + getStream() + ", or create it on the server", ex);
		}
	}

	private int maxDeliveries(ConsumerConfiguration configuration) {
		long consumerMax = configuration.getMaxDeliver();
		int listenerMax = this.jetStream.maxDeliveries();
		if (listenerMax == 0) {
			return (int) Math.min(Math.max(consumerMax, 0), Integer.MAX_VALUE);
		}
		if (consumerMax > 0 && listenerMax > consumerMax) {
			throw new IllegalStateException("@NatsListener '" + getId() + "' has maxDeliveries " + listenerMax
					+ ", but consumer '" + this.consumerName + "' of stream '" + getStream()
					+ "' delivers a message at most " + consumerMax + " times: lower maxDeliveries or raise the "
					+ "consumer's max-deliver");
		}
		return listenerMax;
	}

	private String describe() {
		return this.jetStream.ordered() ? "an ordered consumer of stream '" + getStream() + "'"
				: "consumer '" + this.consumerName + "' of stream '" + getStream() + "' on connection '"
						+ this.connectionName + "'";
	}

	private static ConsumeOptions options(long maxAckPending, int concurrency) {
		long bound = (maxAckPending > 0) ? maxAckPending : MAX_BATCH;
		int batch = (int) Math.max(concurrency, Math.min(bound, MAX_BATCH));
		return ConsumeOptions.builder().batchSize(batch).build();
	}

	private static long remaining(long deadline) {
		return Math.max(0, deadline - System.nanoTime());
	}

	@Override
	public String toString() {
		return "JetStreamListenerContainer '" + getId() + "' on " + describe();
	}

}
