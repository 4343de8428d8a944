package io.kumo.nats.connection;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.kumo.nats.settings.NatsConnectionSettings;
import io.kumo.nats.test.NatsCluster;
import io.kumo.nats.test.NatsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ignore_discovered_servers} and {@code retain_servers_order} in a three-node cluster that
 * advertises loopback addresses only.
 */
class NatsConnectionFactoryClusterTests {

	private static NatsCluster cluster;

	private final NatsConnectionRegistry registry = new NatsConnectionRegistry();

	private final NatsConnectionFactory factory = new NatsConnectionFactory(this.registry,
			new DefaultResourceLoader(), null, List.of());

	@BeforeAll
	static void startCluster() {
		cluster = NatsCluster.start(3);
	}

	@AfterAll
	static void stopCluster() {
		cluster.close();
	}

	@AfterEach
	void closeConnections() {
		this.registry.close();
	}

	@Test
	void serversAdvertisedByTheClusterAreLearned() {
		RegisteredNatsConnection registered = connect(settings(cluster.server(0)));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(registered.connection().getServers()).hasSize(3));
	}

	@Test
	void ignoreDiscoveredServersKeepsOnlyTheGivenOnes() {
		RegisteredNatsConnection registered = connect(settings(cluster.server(0)).ignoreDiscoveredServers(true));
		assertThat(registered.connection().getServerInfo().getConnectURLs()).hasSize(3);
		assertThat(registered.connection().getServers()).containsExactly("nats://" + cluster.server(0).address());
	}

	@Test
	void retainServersOrderAlwaysConnectsToTheFirstServer() {
		List<String> order = List.of(cluster.server(2).address(), cluster.server(0).address(),
				cluster.server(1).address());
		for (int i = 0; i < 10; i++) {
			RegisteredNatsConnection registered = connect(settings(order).retainServersOrder(true));
			assertThat(registered.connection().getConnectedUrl()).isEqualTo("nats://" + cluster.server(2).address());
			registered.close();
		}
	}

	@Test
	void withoutRetainServersOrderServersArePickedAtRandom() {
		List<String> order = List.of(cluster.server(2).address(), cluster.server(0).address(),
				cluster.server(1).address());
		Set<String> connectedTo = new HashSet<>();
		for (int i = 0; i < 30 && connectedTo.size() < 2; i++) {
			RegisteredNatsConnection registered = connect(settings(order));
			connectedTo.add(registered.connection().getConnectedUrl());
			registered.close();
		}
		assertThat(connectedTo).hasSizeGreaterThan(1);
	}

	private RegisteredNatsConnection connect(NatsConnectionSettings.Builder settings) {
		return this.factory.connect("cluster", NatsConnectionOrigin.CONFIGURATION, settings.build());
	}

	private static NatsConnectionSettings.Builder settings(NatsServer server) {
		return settings(List.of(server.address()));
	}

	private static NatsConnectionSettings.Builder settings(List<String> servers) {
		return NatsConnectionSettings.builder().servers(servers).connectionTimeout(Duration.ofSeconds(2));
	}

}
