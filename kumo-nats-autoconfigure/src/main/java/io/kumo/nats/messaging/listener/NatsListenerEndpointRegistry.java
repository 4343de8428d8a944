package io.kumo.nats.messaging.listener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Holds the container of every {@link NatsListener}, by id: starts those marked for automatic
 * start-up with the application context, stops them all before the connections close, and lets
 * the application stop and start one by id.
 */
public final class NatsListenerEndpointRegistry implements SmartLifecycle {

	private final NatsListenerContainerFactory containerFactory;

	private final Map<String, NatsListenerContainer> containers = new ConcurrentHashMap<>();

	private volatile boolean running;

	/**
	 * Creates a new instance.
	 * @param containerFactory the factory of the containers
	 */
	public NatsListenerEndpointRegistry(NatsListenerContainerFactory containerFactory) {
		this.containerFactory = containerFactory;
	}

	/**
	 * Creates the container of a listener; it starts now if the registry is running and the
	 * listener starts automatically.
	 * @param endpoint the listener
	 * @return its container
	 * @throws IllegalStateException when a listener with the same id exists, or the container
	 * cannot be made
	 */
	public synchronized NatsListenerContainer register(NatsListenerEndpoint endpoint) {
		checkUnique(endpoint);
		NatsListenerContainer container = this.containerFactory.createContainer(endpoint);
		add(container);
		return container;
	}

	/**
	 * Adds a container made elsewhere, such as one running a listener of your own, so that it
	 * starts and stops with the others and shows in their health and meters; it starts now if
	 * the registry is running and the container starts automatically.
	 * @param container the container
	 * @throws IllegalStateException when a listener with the same id exists
	 */
	public synchronized void registerListenerContainer(NatsListenerContainer container) {
		checkUnique(container.getEndpoint());
		add(container);
	}

	private void checkUnique(NatsListenerEndpoint endpoint) {
		if (this.containers.containsKey(endpoint.id())) {
			throw new IllegalStateException("Two @NatsListener have the id '" + endpoint.id() + "': "
					+ describe(this.containers.get(endpoint.id()).getEndpoint()) + " and " + describe(endpoint));
		}
	}

	private void add(NatsListenerContainer container) {
		this.containers.put(container.getId(), container);
		if (this.running && container.isAutoStartup()) {
			container.start();
		}
	}

	/**
	 * Returns the container of a listener.
	 * @param id the listener id
	 * @return the container, or {@code null} when no listener has that id
	 */
	public @Nullable NatsListenerContainer getListenerContainer(String id) {
		return this.containers.get(id);
	}

	/**
	 * Returns every container.
	 * @return the containers
	 */
	public Collection<NatsListenerContainer> getListenerContainers() {
		return List.copyOf(this.containers.values());
	}

	/**
	 * Starts one listener: it subscribes again and handles messages published from now on.
	 * @param id the listener id
	 * @throws NoSuchElementException when no listener has that id
	 */
	public void start(String id) {
		container(id).start();
	}

	/**
	 * Stops one listener: it unsubscribes and handles the messages already delivered to it,
	 * within the shutdown timeout; messages published while it is stopped never reach it.
	 * @param id the listener id
	 * @throws NoSuchElementException when no listener has that id
	 */
	public void stop(String id) {
		container(id).stop();
	}

	@Override
	public synchronized void start() {
		for (NatsListenerContainer container : this.containers.values()) {
			if (container.isAutoStartup()) {
				container.start();
			}
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		List<Thread> stopping = new ArrayList<>();
		for (NatsListenerContainer container : this.containers.values()) {
			if (container.isRunning()) {
				Thread thread = new Thread(container::stop, "nats-listener-stop-" + container.getId());
				thread.start();
				stopping.add(thread);
			}
		}
		boolean interrupted = false;
		for (Thread thread : stopping) {
			while (thread.isAlive()) {
				try {
					thread.join();
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return NatsListenerContainer.PHASE;
	}

	private NatsListenerContainer container(String id) {
		NatsListenerContainer container = this.containers.get(id);
		if (container == null) {
			throw new NoSuchElementException("No @NatsListener has the id '" + id + "'; known: "
					+ this.containers.keySet().stream().sorted().toList());
		}
		return container;
	}

	private static String describe(NatsListenerEndpoint endpoint) {
		return endpoint.method().getDeclaringClass().getName() + "." + endpoint.method().getName();
	}

}
