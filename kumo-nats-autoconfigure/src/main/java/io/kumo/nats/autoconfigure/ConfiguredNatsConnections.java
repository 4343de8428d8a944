package io.kumo.nats.autoconfigure;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.kumo.nats.connection.NatsConnectionFactory;
import io.kumo.nats.connection.NatsConnectionOrigin;
import io.kumo.nats.connection.RegisteredNatsConnection;
import io.kumo.nats.settings.InvalidNatsSettingException;
import io.kumo.nats.settings.NatsAuth;
import io.kumo.nats.settings.NatsConnectionSettings;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;

import org.springframework.beans.factory.InitializingBean;

/**
 * Opens every connection declared under {@code kumo.nats.connections}, all at once so that start-up
 * takes as long as the slowest connection rather than the sum, and hands them to the connection
 * beans.
 */
final class ConfiguredNatsConnections implements InitializingBean {

	static final String BEAN_NAME = "configuredNatsConnections";

	private static final String PREFIX = "kumo.nats.connections.";

	private final NatsProperties properties;

	private final NatsConnectionFactory connectionFactory;

	private final Map<String, RegisteredNatsConnection> connections = new LinkedHashMap<>();

	ConfiguredNatsConnections(NatsProperties properties, NatsConnectionFactory connectionFactory) {
		this.properties = properties;
		this.connectionFactory = connectionFactory;
	}

	@Override
	public void afterPropertiesSet() {
		Map<String, NatsConnectionSettings> settings = new LinkedHashMap<>();
		this.properties.getConnections().forEach((name, connection) -> settings.put(name, settings(name, connection)));
		if (settings.isEmpty()) {
			return;
		}
		ExecutorService executor = Executors.newFixedThreadPool(Math.min(settings.size(), 16));
		try {
			List<CompletableFuture<RegisteredNatsConnection>> opening = new ArrayList<>();
			settings.forEach((name, connectionSettings) -> opening.add(CompletableFuture.supplyAsync(
					() -> connect(name, connectionSettings), executor)));
			awaitAll(opening);
		}
		finally {
			executor.shutdownNow();
		}
	}

	Connection connection(String name) {
		return registered(name).connection();
	}

	JetStream jetStream(String name) throws IOException {
		return registered(name).jetStream();
	}

	JetStreamManagement jetStreamManagement(String name) throws IOException {
		return registered(name).jetStreamManagement();
	}

	private RegisteredNatsConnection registered(String name) {
		RegisteredNatsConnection connection = this.connections.get(name);
		if (connection == null) {
			throw new IllegalStateException("No NATS connection named '" + name + "' is configured");
		}
		return connection;
	}

	private RegisteredNatsConnection connect(String name, NatsConnectionSettings settings) {
		try {
			return this.connectionFactory.connect(name, NatsConnectionOrigin.CONFIGURATION, settings);
		}
		catch (InvalidNatsSettingException ex) {
			throw invalidProperty(name, ex);
		}
	}

	private void awaitAll(List<CompletableFuture<RegisteredNatsConnection>> opening) {
		RuntimeException failure = null;
		for (CompletableFuture<RegisteredNatsConnection> future : opening) {
			try {
				RegisteredNatsConnection connection = future.join();
				this.connections.put(connection.name(), connection);
			}
			catch (CompletionException ex) {
				if (failure == null) {
					failure = (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
				}
			}
		}
		if (failure != null) {
			this.connections.values().forEach(RegisteredNatsConnection::close);
			this.connections.clear();
			throw failure;
		}
	}

	private static NatsConnectionSettings settings(String name, NatsProperties.Connection connection) {
		try {
			NatsProperties.Auth auth = connection.getAuth();
			return NatsConnectionSettings.builder()
				.servers(connection.getServers())
				.auth(NatsAuth.of(auth.getUsername(), auth.getPassword(), auth.getToken(), auth.getNkey(),
						auth.getCredentials()))
				.name(connection.getName())
				.noEcho(connection.isNoEcho())
				.maxReconnects(connection.getMaxReconnects())
				.connectionTimeout(connection.getConnectionTimeout())
				.tlsRequired(connection.isTlsRequired())
				.tlsFirst(connection.isTlsFirst())
				.certificate(connection.getCertificate())
				.clientCert(connection.getClientCert())
				.clientKey(connection.getClientKey())
				.sslBundle(connection.getSsl().getBundle())
				.pingInterval(connection.getPingInterval())
				.senderCapacity(connection.getSenderCapacity())
				.inboxPrefix(connection.getInboxPrefix())
				.requestTimeout(connection.getRequestTimeout())
				.retryOnInitialConnect(connection.isRetryOnInitialConnect())
				.ignoreDiscoveredServers(connection.isIgnoreDiscoveredServers())
				.retainServersOrder(connection.isRetainServersOrder())
				.build();
		}
		catch (InvalidNatsSettingException ex) {
			throw invalidProperty(name, ex);
		}
	}

	private static InvalidNatsConnectionPropertyException invalidProperty(String name,
			InvalidNatsSettingException ex) {
		return new InvalidNatsConnectionPropertyException(PREFIX + name + "." + ex.getKey(), ex.getReason(), ex);
	}

}
