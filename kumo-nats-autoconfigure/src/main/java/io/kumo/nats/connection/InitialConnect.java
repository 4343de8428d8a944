package io.kumo.nats.connection;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a connection's first connect, which jnats makes on a thread of its own: the
 * connection once it is established, or why it could not be. jnats answers a server that refuses
 * the login only after the whole connection timeout, as it keeps waiting for the reply to its
 * first ping; the server's authorization error ends this wait at once instead, and the refused
 * connection is closed.
 */
final class InitialConnect {

	private final CompletableFuture<Connection> outcome = new CompletableFuture<>();

	private final boolean awaited;

	private volatile @Nullable Connection refused;

	/**
	 * Creates the outcome of a first connect.
	 * @param awaited whether a caller waits for the outcome; a connection that keeps trying in the
	 * background has none, and jnats retries a refused login there like any other failure
	 */
	InitialConnect(boolean awaited) {
		this.awaited = awaited;
	}

	void connected(Connection connection) {
		this.outcome.complete(connection);
	}

	void serverError(Connection connection, String error) {
		if (this.awaited && !this.outcome.isDone() && NatsFailures.isLoginRefusal(error)) {
			this.refused = connection;
			this.outcome.completeExceptionally(
					new AuthenticationException("the server refused the login: " + error.strip()));
		}
	}

	/**
	 * Records the failure jnats's connecting thread ends with.
	 * @param failure the failure
	 * @return whether a waiting caller takes it over, to report it as the cause of its own failure
	 */
	boolean failed(Exception failure) {
		return this.awaited && this.outcome.completeExceptionally(failure);
	}

	/**
	 * Whether the server refused the login while this connect was under way.
	 * @return whether the login was refused
	 */
	boolean wasRefused() {
		return this.refused != null;
	}

	/**
	 * Waits for the outcome. The bound is a safety net above jnats's own, which limits each server
	 * address to the connection timeout; a connect given up on is closed if it succeeds later.
	 * @param bound how long to wait at most
	 * @return the established connection
	 * @throws IOException when the connection could not be established
	 * @throws InterruptedException when the waiting thread is interrupted
	 */
	Connection await(Duration bound) throws IOException, InterruptedException {
		try {
			return this.outcome.get(bound.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			closeRefused();
			if (ex.getCause() instanceof IOException failure) {
				throw failure;
			}
			throw new IOException("the connect attempt failed", ex.getCause());
		}
		catch (TimeoutException ex) {
			this.outcome.thenAccept(InitialConnect::close);
			throw new IOException("no connect attempt finished within " + bound.toMillis() + " ms");
		}
		catch (InterruptedException ex) {
			this.outcome.thenAccept(InitialConnect::close);
			throw ex;
		}
	}

	private void closeRefused() throws InterruptedException {
		Connection connection = this.refused;
		if (connection != null) {
			connection.close();
		}
	}

	private static void close(Connection connection) {
		try {
			connection.close();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
