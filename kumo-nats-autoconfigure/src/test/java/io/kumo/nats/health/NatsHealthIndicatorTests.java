package io.kumo.nats.health;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.kumo.nats.connection.NatsConnectionFactory;
import io.kumo.nats.connection.NatsConnectionOrigin;
import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.connection.RegisteredNatsConnection;
import io.kumo.nats.settings.NatsAuth;
import io.kumo.nats.settings.NatsConnectionSettings;
import io.kumo.nats.test.NatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class NatsHealthIndicatorTests {

	private static final String PASSWORD = "Hunter2-Indicator-Secret";

	private final NatsConnectionRegistry registry = new NatsConnectionRegistry();

	private final NatsConnectionFactory factory = new NatsConnectionFactory(this.registry,
			new DefaultResourceLoader(), null, List.of());

	private final ExecutorService executor = Executors.newCachedThreadPool();

	@AfterEach
	void closeConnections() {
		this.registry.close();
		this.executor.shutdownNow();
	}

	@Test
	void connectedIsUpWithServerDetailsAndNoSecret() {
		try (NatsServer server = NatsServer.builder().jetStream().user("kumo", PASSWORD).start()) {
			RegisteredNatsConnection connection = connect("orders", NatsConnectionOrigin.SCRIPT, server,
					NatsAuth.of("kumo", PASSWORD, null));
			Health health = indicator(connection, Status.DOWN).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("status", "CONNECTED")
				.containsEntry("origin", "script")
				.containsEntry("url", server.url())
				.containsEntry("serverName", "kumo-test-" + server.port())
				.containsEntry("jetStream", true)
				.containsEntry("reconnects", 0L)
				.containsEntry("droppedMessages", 0L)
				.containsKeys("serverId", "version", "roundTripMillis", "roundTripAt")
				.doesNotContainKeys("roundTripError", "cluster", "lastError", "lastErrorAt", "lastDropAt", "lameDuck");
			assertThat(health.toString()).doesNotContain(PASSWORD);
		}
	}

	@Test
	void reconnectingUsesTheChosenStatusAndSkipsTheRoundTrip() {
		try (NatsServer server = NatsServer.builder().start()) {
			RegisteredNatsConnection connection = connect("orders", NatsConnectionOrigin.CONFIGURATION, server, null);
			NatsHealthIndicator indicator = indicator(connection, Status.OUT_OF_SERVICE);
			server.stop();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> indicator.health().getStatus().equals(Status.OUT_OF_SERVICE));
			Health health = indicator.health();
			assertThat(health.getDetails()).containsEntry("origin", "configuration")
				.doesNotContainKeys("url", "roundTripMillis", "roundTripError");
			assertThat((String) health.getDetails().get("status")).isIn("DISCONNECTED", "RECONNECTING");
			server.restart();
			await().atMost(Duration.ofSeconds(15)).until(() -> indicator.health().getStatus().equals(Status.UP));
			assertThat(indicator.health().getDetails()).containsEntry("reconnects", 1L);
		}
	}

	@Test
	void closedIsDownWhateverTheReconnectingStatus() {
		try (NatsServer server = NatsServer.builder().start()) {
			RegisteredNatsConnection connection = connect("orders", NatsConnectionOrigin.SCRIPT, server, null);
			connection.close();
			Health health = indicator(connection, Status.UP).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("status", Connection.Status.CLOSED.name());
		}
	}

	@Test
	void credentialsInTheConnectedUrlAreMaskedAndTheHostIsShown() {
		try (NatsServer server = NatsServer.builder().user("kumo", PASSWORD).start()) {
			RegisteredNatsConnection connection = this.factory.connect("orders", NatsConnectionOrigin.CONFIGURATION,
					NatsConnectionSettings.builder()
						.servers(List.of("nats://kumo:" + PASSWORD + "@" + server.address()))
						.build());
			Health health = indicator(connection, Status.DOWN).health();
			assertThat(health.getDetails()).containsEntry("url", "nats://******@" + server.address());
			assertThat(health.toString()).doesNotContain(PASSWORD);
		}
	}

	private NatsHealthIndicator indicator(RegisteredNatsConnection connection, Status reconnectingStatus) {
		return new NatsHealthIndicator(connection, reconnectingStatus, Status.OUT_OF_SERVICE, Duration.ofMillis(250),
				this.executor);
	}

	private RegisteredNatsConnection connect(String name, NatsConnectionOrigin origin, NatsServer server,
			NatsAuth auth) {
		return this.factory.connect(name, origin,
				NatsConnectionSettings.builder().servers(List.of(server.address())).auth(auth).build());
	}

}
