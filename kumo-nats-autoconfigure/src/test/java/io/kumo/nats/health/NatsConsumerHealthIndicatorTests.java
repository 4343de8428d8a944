package io.kumo.nats.health;

import java.time.Duration;
import java.util.List;

import io.kumo.nats.connection.NatsConnectionFactory;
import io.kumo.nats.connection.NatsConnectionOrigin;
import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.jetstream.ConsumerPendingCounts;
import io.kumo.nats.jetstream.TestJetStreamListenerContainer;
import io.kumo.nats.settings.NatsConnectionSettings;
import io.kumo.nats.test.NatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class NatsConsumerHealthIndicatorTests {

	private static final Duration STALLED_AFTER = Duration.ofSeconds(1);

	private final NatsConnectionRegistry registry = new NatsConnectionRegistry();

	private final NatsConnectionFactory factory = new NatsConnectionFactory(this.registry,
			new DefaultResourceLoader(), null, List.of());

	private final ConsumerPendingCounts pendingCounts = new ConsumerPendingCounts(this.registry,
			Duration.ofMillis(200));

	@AfterEach
	void closeConnections() {
		this.registry.close();
	}

	@Test
	void aConsumerWithPendingMessagesAndNoDeliveryTurnsStalledAndRecoversWhenDeliveriesResume() throws Exception {
		try (NatsServer server = NatsServer.builder().jetStream().start()) {
			Connection connection = connect(server);
			declare(connection);
			TestJetStreamListenerContainer container = new TestJetStreamListenerContainer("billing-listener",
					"orders", connection, "ORDERS", "billing", false);
			container.start();
			HealthIndicator indicator = indicator(container);
			assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
			for (int i = 0; i < 5; i++) {
				connection.jetStream().publish("orders.created", ("order " + i).getBytes());
			}
			long published = System.nanoTime();
			await().atMost(Duration.ofSeconds(15))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> indicator.health().getStatus().equals(Status.OUT_OF_SERVICE));
			assertThat(Duration.ofNanos(System.nanoTime() - published)).isLessThan(Duration.ofSeconds(15));
			assertThat(container.getActivity().sinceLastDelivery()).isGreaterThan(STALLED_AFTER);
			Health stalled = indicator.health();
			assertThat(stalled.getDetails()).containsEntry("stalled", true)
				.containsEntry("running", true)
				.containsEntry("pending", 5L)
				.containsEntry("ackPending", 0L)
				.containsEntry("delivered", 0L)
				.containsEntry("stream", "ORDERS")
				.containsEntry("consumer", "billing")
				.containsEntry("connection", "orders")
				.containsKeys("lastDeliveryAgo", "pendingReadAt")
				.doesNotContainKey("pendingError");
			container.consume();
			await().atMost(Duration.ofSeconds(15)).until(() -> indicator.health().getStatus().equals(Status.UP));
			await().atMost(Duration.ofSeconds(15))
				.until(() -> Long.valueOf(0).equals(indicator.health().getDetails().get("pending")));
			assertThat(indicator.health().getDetails()).containsEntry("stalled", false)
				.containsEntry("delivered", 5L)
				.containsEntry("acked", 5L);
			container.stop();
		}
	}

	@Test
	void aStoppedListenerIsNotStalled() throws Exception {
		try (NatsServer server = NatsServer.builder().jetStream().start()) {
			Connection connection = connect(server);
			declare(connection);
			TestJetStreamListenerContainer container = new TestJetStreamListenerContainer("billing-listener",
					"orders", connection, "ORDERS", "billing", false);
			connection.jetStream().publish("orders.created", "order".getBytes());
			HealthIndicator indicator = indicator(container);
			await().atMost(Duration.ofSeconds(15))
				.until(() -> Long.valueOf(1).equals(indicator.health().getDetails().get("pending")));
			await().atMost(Duration.ofSeconds(15))
				.until(() -> container.getActivity().sinceLastDelivery().compareTo(STALLED_AFTER) > 0);
			Health health = indicator.health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("running", false).containsEntry("stalled", false);
		}
	}

	@Test
	void theContributorHasOneEntryPerJetStreamListener() throws Exception {
		try (NatsServer server = NatsServer.builder().jetStream().start()) {
			Connection connection = connect(server);
			declare(connection);
			TestJetStreamListenerContainer billing = new TestJetStreamListenerContainer("billing-listener", "orders",
					connection, "ORDERS", "billing", true);
			TestJetStreamListenerContainer audit = new TestJetStreamListenerContainer("audit-listener", "orders",
					connection, "ORDERS", "billing", true);
			CompositeHealthContributor contributor = new NatsConsumersHealthContributor(
					TestJetStreamListenerContainer.registryOf(billing, audit), this.pendingCounts, STALLED_AFTER,
					Status.DOWN);
			assertThat(contributor.stream().map(CompositeHealthContributor.Entry::name)).containsExactly("audit-listener",
					"billing-listener");
			assertThat(contributor.getContributor("billing-listener")).isInstanceOf(NatsConsumerHealthIndicator.class);
			assertThat(contributor.getContributor("unknown")).isNull();
		}
	}

	private HealthIndicator indicator(TestJetStreamListenerContainer container) {
		return new NatsConsumerHealthIndicator(container, this.pendingCounts, STALLED_AFTER, Status.OUT_OF_SERVICE);
	}

	private Connection connect(NatsServer server) {
		return this.factory
			.connect("orders", NatsConnectionOrigin.CONFIGURATION,
					NatsConnectionSettings.builder().servers(List.of(server.address())).build())
			.connection();
	}

	private static void declare(Connection connection) throws Exception {
		JetStreamManagement management = connection.jetStreamManagement();
		management.addStream(StreamConfiguration.builder()
			.name("ORDERS")
			.subjects("orders.>")
			.storageType(StorageType.File)
			.build());
		management.addOrUpdateConsumer("ORDERS",
				ConsumerConfiguration.builder().durable("billing").ackPolicy(AckPolicy.Explicit).build());
	}

}
