package io.kumo.nats.connection;

import java.util.concurrent.CompletableFuture;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;

/**
 * Futures that complete when a connection is lost and when it is back, so that a publish waiting
 * for its acknowledgement learns of a disconnect when it happens rather than at its timeout.
 */
final class LinkSignals implements ConnectionListener {

	private final Object lock = new Object();

	private CompletableFuture<Void> lost = new CompletableFuture<>();

	private CompletableFuture<Void> restored = new CompletableFuture<>();

	private boolean closed;

	/**
	 * Starts from the connection's current status; events that follow take over.
	 * @param status the status read after this listener was added
	 */
	void follow(Connection.Status status) {
		switch (status) {
			case CONNECTED -> up();
			case CLOSED -> closed();
			default -> down();
		}
	}

	@Override
	public void connectionEvent(Connection connection, Events event) {
		switch (event) {
			case CONNECTED, RECONNECTED -> up();
			case DISCONNECTED -> down();
			case CLOSED -> closed();
			default -> {
			}
		}
	}

	/**
	 * Completes when the link that is up now is lost, at once while it is down.
	 * @return the future of the next loss
	 */
	CompletableFuture<Void> lost() {
		synchronized (this.lock) {
			return this.lost;
		}
	}

	/**
	 * Completes when the connection is up, at once while it is; fails once it is closed.
	 * @return the future of the connection being up
	 */
	CompletableFuture<Void> restored() {
		synchronized (this.lock) {
			return this.restored;
		}
	}

	private void up() {
		synchronized (this.lock) {
			if (this.closed) {
				return;
			}
			this.restored.complete(null);
			if (this.lost.isDone()) {
				this.lost = new CompletableFuture<>();
			}
		}
	}

	private void down() {
		synchronized (this.lock) {
			if (this.closed) {
				return;
			}
			this.lost.complete(null);
			if (this.restored.isDone()) {
				this.restored = new CompletableFuture<>();
			}
		}
	}

	private void closed() {
		synchronized (this.lock) {
			this.closed = true;
			this.lost.complete(null);
			if (this.restored.isDone()) {
				this.restored = new CompletableFuture<>();
			}
			this.restored.completeExceptionally(new IllegalStateException("the connection was closed"));
		}
	}

}
