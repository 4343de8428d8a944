package io.kumo.nats.messaging.listener;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.MessageHandler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;

/**
 * Runs one core NATS listener: a jnats {@link Dispatcher} of its own subscribed to the listener's
 * subjects, and, when its concurrency is above one, a bounded pool of that many threads the
 * dispatcher hands messages to. Starting returns once the server has the subscriptions. Stopping
 * unsubscribes from the server and then handles every message already delivered to the client,
 * within the shutdown timeout, before the dispatcher closes.
 */
final class DispatcherNatsListenerContainer extends AbstractNatsListenerContainer {

	private static final Log logger = LogFactory.getLog(DispatcherNatsListenerContainer.class);

	private final Function<String, MessageHandler> handlers;

	private @Nullable Dispatcher dispatcher;

	private @Nullable ExecutorService executor;

	DispatcherNatsListenerContainer(NatsListenerEndpoint endpoint, String connectionName, Connection connection,
			Function<String, MessageHandler> handlers, Duration shutdownTimeout) {
		super(endpoint, connectionName, connection, shutdownTimeout);
		this.handlers = handlers;
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		int concurrency = this.endpoint.concurrency();
		ExecutorService executor = (concurrency > 1) ? Executors.newFixedThreadPool(concurrency, threadFactory(""))
				: null;
		Semaphore permits = (executor != null) ? new Semaphore(concurrency) : null;
		Dispatcher dispatcher = this.connection.createDispatcher();
		for (String subject : this.endpoint.subjects()) {
			MessageHandler handler = this.handlers.apply(subject);
			if (executor != null && permits != null) {
				handler = parallel(handler, executor, permits);
			}
			if (this.endpoint.queue() != null) {
				dispatcher.subscribe(subject, this.endpoint.queue(), handler);
			}
			else {
				dispatcher.subscribe(subject, handler);
			}
		}
		this.dispatcher = dispatcher;
		this.executor = executor;
		this.running = true;
		confirmSubscriptions();
	}

	@Override
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		long deadline = System.nanoTime() + this.shutdownTimeout.toNanos();
		Dispatcher dispatcher = this.dispatcher;
		ExecutorService executor = this.executor;
		this.dispatcher = null;
		this.executor = null;
		try {
			if (dispatcher != null) {
				drain(dispatcher, deadline);
			}
			if (executor != null) {
				awaitHandlers(executor, deadline);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			if (dispatcher != null && dispatcher.isActive()) {
				close(dispatcher);
			}
			if (executor != null) {
				executor.shutdownNow();
			}
		}
	}

	/**
	 * Waits for the server to have the subscriptions, so that a message published after start
	 * returns reaches the listener; a connection that is down subscribes again when it is back.
	 */
	private void confirmSubscriptions() {
		if (this.connection.getStatus() != Connection.Status.CONNECTED) {
			return;
		}
		try {
			this.connection.flush(this.connection.getOptions().getConnectionTimeout());
		}
		catch (TimeoutException | IllegalStateException ex) {
			logger.debug(LogMessage.format("NATS listener '%s' started without the server's confirmation", getId()),
					ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void drain(Dispatcher dispatcher, long deadline) throws InterruptedException {
		if (this.connection.getStatus() != Connection.Status.CONNECTED) {
			return;
		}
		try {
			CompletableFuture<Boolean> drained = dispatcher.drain(remaining(deadline));
			if (!drained.get(remaining(deadline).toNanos(), TimeUnit.NANOSECONDS)) {
				warnUnfinished();
			}
		}
		catch (TimeoutException ex) {
			warnUnfinished();
		}
		catch (ExecutionException | IllegalStateException ex) {
			logger.debug(LogMessage.format("NATS listener '%s' could not drain its subscriptions", getId()), ex);
		}
	}

	private void awaitHandlers(ExecutorService executor, long deadline) throws InterruptedException {
		executor.shutdown();
		if (!executor.awaitTermination(remaining(deadline).toNanos(), TimeUnit.NANOSECONDS)) {
			warnUnfinished();
		}
	}

	private void close(Dispatcher dispatcher) {
		try {
			this.connection.closeDispatcher(dispatcher);
		}
		catch (IllegalStateException ex) {
			logger.debug(LogMessage.format("NATS listener '%s' closed with its connection", getId()), ex);
		}
	}

	private void warnUnfinished() {
		logger.warn(LogMessage.format("NATS listener '%s' still had messages to handle after %d ms; stopping it anyway",
				getId(), this.shutdownTimeout.toMillis()));
	}

	private static MessageHandler parallel(MessageHandler handler, ExecutorService executor, Semaphore permits) {
		return (message) -> {
			permits.acquire();
			try {
				executor.execute(() -> {
					try {
						handler.onMessage(message);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					finally {
						permits.release();
					}
				});
			}
			catch (RuntimeException ex) {
				permits.release();
				throw ex;
			}
		};
	}

	private static Duration remaining(long deadline) {
		return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
	}

	@Override
	public String toString() {
		return "NatsListenerContainer '" + getId() + "' on connection '" + this.connectionName + "' "
				+ this.endpoint.subjects();
	}

}
