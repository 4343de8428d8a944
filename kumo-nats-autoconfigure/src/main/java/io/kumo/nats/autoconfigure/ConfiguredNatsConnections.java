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

	private final List<NatsConnectionDetails> connectionDetails;

	private final Map<String, RegisteredNatsConnection> connections = new LinkedHashMap<>();

	ConfiguredNatsConnections(NatsProperties properties, NatsConnectionFactory connectionFactory,
			List<NatsConnectionDetails> connectionDetails) {
		this.properties = properties;
		this.connectionFactory = connectionFactory;
		this.connectionDetails = connectionDetails;
	}

	@Override
	public void afterPropertiesSet() {
		Map<String, NatsConnectionDetails> details = details();
		Map<String, NatsConnectionSettings> settings = new LinkedHashMap<>();
		this.properties.getConnections()
			.forEach((name, connection) -> settings.put(name, settings(name, connection, details.get(name))));
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

	/**
	 * The details of each configured connection: those of a service connection that names it or,
	 * failing that, targets the primary connection, else its properties.
	 */
	private Map<String, NatsConnectionDetails> details() {
		Map<String, NatsConnectionDetails> details = new LinkedHashMap<>();
		this.properties.getConnections()
			.forEach((name, connection) -> details.put(name, new PropertiesNatsConnectionDetails(name, connection)));
		for (NatsConnectionDetails serviceConnection : this.connectionDetails) {
			Map<String, NatsProperties.Connection> configured = this.properties.getConnections();
			String target = configured.containsKey(serviceConnection.getConnectionName())
					? serviceConnection.getConnectionName() : NatsProperties.primaryConnection(configured);
			if (target == null) {
				throw new IllegalStateException("NATS connection details " + serviceConnection.getServers()
						+ " match no connection under kumo.nats.connections; name a connection after the service or "
						+ "mark one with kumo.nats.connections.<name>.primary=true");
			}
			details.put(target, new ServiceNatsConnectionDetails(serviceConnection, details.get(target)));
		}
		return details;
	}

	private static NatsConnectionSettings settings(String name, NatsProperties.Connection connection,
			NatsConnectionDetails details) {
		try {
			return NatsConnectionSettings.builder()
				.servers(details.getServers())
				.auth(details.getAuth())
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
				.resendOnReconnect(connection.isResendOnReconnect())
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
