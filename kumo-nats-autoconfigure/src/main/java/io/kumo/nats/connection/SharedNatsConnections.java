package io.kumo.nats.connection;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import io.kumo.nats.settings.NatsConnectionSettings;
import io.nats.client.Connection;
import org.jspecify.annotations.Nullable;

/**
 * One live connection per settings, shared by every holder that asks for equal settings. jnats
 * connections are thread-safe, so script states running side by side need one socket between
 * them, not one each. Holders that ask while the connection is being opened wait for that one
 * attempt and share its outcome. The connection is registered once and closes, or goes to the
 * idle pool, when its last holder lets go.
 */
public final class SharedNatsConnections {

	private final NatsConnectionFactory factory;

	private final @Nullable IdleNatsConnections idle;

	private final Map<NatsConnectionSettings, Shared> shared = new HashMap<>();

	/**
	 * Creates an empty set of shared connections.
	 * @param factory the factory that opens connections
	 * @param idle the pool that connections come from and go back to, or {@code null} to close a
	 * connection when its last holder lets go
	 */
	public SharedNatsConnections(NatsConnectionFactory factory, @Nullable IdleNatsConnections idle) {
		this.factory = factory;
		this.idle = idle;
	}

	/**
	 * Holds the live connection for the settings, opening one (or taking an idle one) when there
	 * is none.
	 * @param preferredName the registry name for a connection that has to be opened
	 * @param origin where the connection was declared
	 * @param settings the settings
	 * @return a lease on the connection; close it to let go
	 * @throws io.kumo.nats.settings.InvalidNatsSettingException when TLS files are missing or unreadable
	 * @throws NatsConnectException when the connection cannot be established
	 */
	public NatsConnectionLease acquire(Supplier<String> preferredName, NatsConnectionOrigin origin,
			NatsConnectionSettings settings) {
		Shared entry;
		synchronized (this.shared) {
			entry = this.shared.computeIfAbsent(settings, Shared::new);
			entry.holders++;
		}
		try {
			RegisteredNatsConnection connection = entry.connection(
					() -> this.factory.connect(preferredName.get(), origin, settings, this.idle));
			return new NatsConnectionLease(connection, () -> release(entry));
		}
		catch (RuntimeException ex) {
			release(entry);
			throw ex;
		}
	}

	private void release(Shared entry) {
		synchronized (this.shared) {
			if (--entry.holders > 0) {
				return;
			}
			this.shared.remove(entry.settings, entry);
		}
		entry.close();
	}

	private static final class Shared {

		private final NatsConnectionSettings settings;

		private int holders;

		private @Nullable CompletableFuture<RegisteredNatsConnection> connection;

		Shared(NatsConnectionSettings settings) {
			this.settings = settings;
		}

		RegisteredNatsConnection connection(Supplier<RegisteredNatsConnection> open) {
			CompletableFuture<RegisteredNatsConnection> current;
			CompletableFuture<RegisteredNatsConnection> opening = null;
			synchronized (this) {
				if (this.connection == null || isUnusable(this.connection)) {
					retire(this.connection);
					opening = new CompletableFuture<>();
					this.connection = opening;
				}
				current = this.connection;
			}
			if (opening != null) {
				try {
					opening.complete(open.get());
				}
				catch (RuntimeException | Error ex) {
					opening.completeExceptionally(ex);
				}
			}
			try {
				return current.join();
			}
			catch (CompletionException ex) {
				if (ex.getCause() instanceof Error error) {
					throw error;
				}
				throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
			}
		}

		void close() {
			CompletableFuture<RegisteredNatsConnection> last;
			synchronized (this) {
				last = this.connection;
				this.connection = null;
			}
			retire(last);
		}

		private static boolean isUnusable(CompletableFuture<RegisteredNatsConnection> connection) {
			return connection.isCompletedExceptionally() || (connection.isDone()
					&& connection.join().connection().getStatus() == Connection.Status.CLOSED);
		}

		private static void retire(@Nullable CompletableFuture<RegisteredNatsConnection> connection) {
			if (connection != null && connection.isDone() && !connection.isCompletedExceptionally()) {
				connection.join().close();
			}
		}

	}

}
