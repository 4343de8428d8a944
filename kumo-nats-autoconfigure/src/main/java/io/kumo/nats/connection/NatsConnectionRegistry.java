package io.kumo.nats.connection;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every live connection by name, whether configured or opened by a script. Health and metrics
 * follow it through {@link Listener}s, so a connection shows up when it opens and leaves when it
 * is closed.
 */
public final class NatsConnectionRegistry implements AutoCloseable {

	private final Map<String, RegisteredNatsConnection> connections = new ConcurrentHashMap<>();

	private final Set<String> reserved = new HashSet<>();

	private final List<Listener> listeners = new CopyOnWriteArrayList<>();

	private volatile boolean stopping;

	/**
	 * Finds a live connection.
	 * @param name the registry name
	 * @return the connection, if one is registered under that name
	 */
	public Optional<RegisteredNatsConnection> find(String name) {
		return Optional.ofNullable(this.connections.get(name));
	}

	/**
	 * Returns a live connection.
	 * @param name the registry name
	 * @return the connection
	 * @throws NoSuchElementException if none is registered under that name
	 */
	public RegisteredNatsConnection get(String name) {
		return find(name).orElseThrow(() -> new NoSuchElementException(
				"No NATS connection named '" + name + "'; known: " + this.connections.keySet()));
	}

	/**
	 * A snapshot of the live connections.
	 * @return the connections
	 */
	public List<RegisteredNatsConnection> connections() {
		return new ArrayList<>(this.connections.values());
	}

	/**
	 * Adds a listener and tells it about the connections already registered.
	 * @param listener the listener
	 */
	public void addListener(Listener listener) {
		this.listeners.add(listener);
		this.connections.values().forEach(listener::registered);
	}

	/**
	 * Reserves a unique name, the preferred one or it followed by {@code -2}, {@code -3}, ...
	 */
	synchronized String reserve(String preferredName) {
		String name = preferredName;
		for (int i = 2; this.connections.containsKey(name) || this.reserved.contains(name); i++) {
			name = preferredName + "-" + i;
		}
		this.reserved.add(name);
		return name;
	}

	/**
	 * Whether the application is stopping: new connections and publishes are refused.
	 * @return {@code true} once shutdown began
	 */
	public boolean isStopping() {
		return this.stopping;
	}

	/**
	 * Refuses new JetStream publishes on every connection, present and future.
	 */
	synchronized void stopPublishing() {
		this.stopping = true;
		this.connections.values().forEach(RegisteredNatsConnection::stopPublishing);
	}

	synchronized void register(RegisteredNatsConnection connection) {
		if (this.stopping) {
			connection.stopPublishing();
		}
		this.reserved.remove(connection.name());
		this.connections.put(connection.name(), connection);
		this.listeners.forEach((listener) -> listener.registered(connection));
	}

	synchronized void release(String name) {
		this.reserved.remove(name);
	}

	boolean remove(RegisteredNatsConnection connection) {
		if (this.connections.remove(connection.name(), connection)) {
			this.listeners.forEach((listener) -> listener.removed(connection));
			return true;
		}
		return false;
	}

	/**
	 * Closes every live connection.
	 */
	@Override
	public void close() {
		connections().forEach(RegisteredNatsConnection::close);
	}

	/**
	 * Told when connections come and go.
	 */
	public interface Listener {

		void registered(RegisteredNatsConnection connection);

		void removed(RegisteredNatsConnection connection);

	}

}
