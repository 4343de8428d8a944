package io.kumo.nats.connection;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.kumo.nats.settings.NatsConnectionSettings;
import io.kumo.nats.ssl.NatsSslContextFactory;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.io.ApplicationResourceLoader;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.io.ResourceLoader;

/**
 * The one place that turns {@link NatsConnectionSettings} into a live, registered jnats
 * connection, for configured connections and script-opened ones alike.
 */
public final class NatsConnectionFactory {

	/**
	 * Pause between rounds of reconnect attempts over the server list (jnats's default is 2 s), so
	 * that a connection is back well within a second of its server.
	 */
	static final Duration RECONNECT_WAIT = Duration.ofMillis(250);

	private final NatsConnectionRegistry registry;

	private final NatsSslContextFactory sslContextFactory;

	private final NatsAuthentication authentication;

	private final List<NatsOptionsCustomizer> customizers;

	/**
	 * Creates a factory that registers what it opens in the given registry.
	 * @param registry the registry of live connections
	 * @param resourceLoader the loader for certificate, key, nkey and credentials locations;
	 * locations without a prefix are file paths
	 * @param sslBundles the SSL bundles that settings may name, or {@code null} if there are none
	 * @param customizers callbacks applied to every connection's options
	 */
	public NatsConnectionFactory(NatsConnectionRegistry registry, ResourceLoader resourceLoader,
			@Nullable SslBundles sslBundles, List<NatsOptionsCustomizer> customizers) {
		ResourceLoader fileFirst = ApplicationResourceLoader.get(resourceLoader, true);
		this.registry = registry;
		this.sslContextFactory = new NatsSslContextFactory(fileFirst, sslBundles);
		this.authentication = new NatsAuthentication(fileFirst);
		this.customizers = List.copyOf(customizers);
	}

	/**
	 * Opens a connection and registers it. Unless {@code retry-on-initial-connect} is set, this
	 * returns once the connection is established.
	 * @param preferredName the registry name; {@code -2}, {@code -3}, ... is appended when taken
	 * @param origin where the connection was declared
	 * @param settings the settings
	 * @return the registered connection
	 * @throws io.kumo.nats.settings.InvalidNatsSettingException when TLS files are missing or unreadable
	 * @throws NatsConnectException when the connection cannot be established
	 */
	public RegisteredNatsConnection connect(String preferredName, NatsConnectionOrigin origin,
			NatsConnectionSettings settings) {
		return connect(preferredName, origin, settings, null);
	}

	/**
	 * Opens a connection, or reuses an idle one with equal settings, and registers it. Closing it
	 * hands it back to the idle pool.
	 * @param preferredName the registry name; {@code -2}, {@code -3}, ... is appended when taken
	 * @param origin where the connection was declared
	 * @param settings the settings
	 * @param idle the pool to reuse from and return to
	 * @return the registered connection
	 * @throws NatsStoppingException once the application is stopping
	 */
	public RegisteredNatsConnection connect(String preferredName, NatsConnectionOrigin origin,
			NatsConnectionSettings settings, @Nullable IdleNatsConnections idle) {
		if (this.registry.isStopping()) {
			throw new NatsStoppingException();
		}
		IdleNatsConnections.Idle reusable = (idle != null) ? idle.take(settings) : null;
		if (reusable != null) {
			RegisteredNatsConnection registered = new RegisteredNatsConnection(this.registry.reserve(preferredName),
					origin, reusable.connection(), settings, reusable.events(), this.registry, idle);
			this.registry.register(registered);
			return registered;
		}
		String name = this.registry.reserve(preferredName);
		NatsConnectionEvents events = new NatsConnectionEvents(name, settings.retryOnInitialConnect());
		try {
			Options options = options(name, settings, events);
			Connection connection = settings.retryOnInitialConnect() ? connectInBackground(options, events)
					: connectNow(options, events);
			RegisteredNatsConnection registered = new RegisteredNatsConnection(name, origin, connection, settings,
					events, this.registry, idle);
			this.registry.register(registered);
			return registered;
		}
		catch (IOException ex) {
			this.registry.release(name);
			throw new NatsConnectException(name, settings.servers(), events.connectFailure(ex, settings.usesTls()), ex,
					events.lastError());
		}
		catch (InterruptedException ex) {
			this.registry.release(name);
			Thread.currentThread().interrupt();
			throw new NatsConnectException(name, settings.servers(), NatsFailureKind.OTHER, ex, events.lastError());
		}
		catch (RuntimeException ex) {
			this.registry.release(name);
			throw ex;
		}
	}

	/**
	 * Connects on jnats's connecting thread and waits for the outcome, so that a refused login
	 * ends the wait at once instead of after the connection timeout. The bound on the wait leaves
	 * room for a host name that resolves to two addresses, each tried for the connection timeout.
	 * A customizer that replaced the listeners leaves nothing to wait on: jnats then connects on
	 * this thread and answers a refused login after the connection timeout.
	 */
	private Connection connectNow(Options options, NatsConnectionEvents events)
			throws IOException, InterruptedException {
		if (options.getConnectionListener() != events || options.getErrorListener() != events) {
			return Nats.connect(options);
		}
		Nats.connectAsynchronously(options, false);
		Duration bound = options.getConnectionTimeout().multipliedBy(2L * options.getServers().size() + 1);
		return events.initialConnect().await(bound);
	}

	/**
	 * Starts a connection that keeps trying in the background and returns it once jnats has
	 * reported the outcome of the first attempt, which the connection timeout bounds per server.
	 */
	private Connection connectInBackground(Options options, NatsConnectionEvents events)
			throws IOException, InterruptedException {
		Nats.connectAsynchronously(options, true);
		Duration bound = options.getConnectionTimeout().multipliedBy(options.getServers().size() + 1);
		try {
			return events.firstSeen().get(bound.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IOException("no connect attempt finished within " + bound.toMillis() + " ms", ex);
		}
	}

	private Options options(String name, NatsConnectionSettings settings, NatsConnectionEvents events) {
		Options.Builder builder = Options.builder()
			.servers(settings.servers().toArray(String[]::new))
			.maxReconnects((settings.maxReconnects() == 0) ? -1 : settings.maxReconnects())
			.connectionTimeout(settings.connectionTimeout())
			.reconnectWait(RECONNECT_WAIT)
			.pingInterval(settings.pingInterval())
			.maxMessagesInOutgoingQueue(settings.senderCapacity())
			.inboxPrefix(settings.inboxPrefix())
			.connectionListener(events)
			.errorListener(events);
		if (settings.name() != null) {
			builder.connectionName(settings.name());
		}
		if (settings.auth() != null) {
			this.authentication.apply(settings.auth(), builder);
		}
		if (settings.noEcho()) {
			builder.noEcho();
		}
		if (settings.usesTls()) {
			builder.sslContext(this.sslContextFactory.create(settings));
		}
		if (settings.tlsFirst()) {
			builder.tlsFirst();
		}
		if (settings.ignoreDiscoveredServers()) {
			builder.ignoreDiscoveredServers();
		}
		if (settings.retainServersOrder()) {
			builder.noRandomize();
		}
		this.customizers.forEach((customizer) -> customizer.customize(name, builder));
		return builder.build();
	}

}
