package io.kumo.nats.jetstream;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.kumo.nats.connection.NatsConnectionFactory;
import io.kumo.nats.connection.NatsConnectionOrigin;
import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.settings.NatsConnectionSettings;
import io.kumo.nats.test.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ConsumerPendingCountsTests {

	private final NatsConnectionRegistry registry = new NatsConnectionRegistry();

	private final NatsConnectionFactory factory = new NatsConnectionFactory(this.registry,
			new DefaultResourceLoader(), null, List.of());

	@AfterEach
	void closeConnections() {
		this.registry.close();
	}

	@Test
	void readsPendingAndAckPendingFromTheServer() throws Exception {
		try (NatsServer server = NatsServer.builder().jetStream().start()) {
			Connection connection = connect(server);
			declare(connection);
			publish(connection, 25);
			ConsumerPendingCounts counts = new ConsumerPendingCounts(this.registry, Duration.ofMillis(100));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> Long.valueOf(25).equals(counts.get("orders", "ORDERS", "billing").pending()));
			ConsumerPendingCounts.Counts read = counts.get("orders", "ORDERS", "billing");
			assertThat(read.ackPending()).isZero();
			assertThat(read.readAt()).isNotNull();
			assertThat(read.error()).isNull();
		}
	}

	@Test
	void asksTheServerAtMostOncePerIntervalHoweverOftenAsked() throws Exception {
		try (NatsServer server = NatsServer.builder().jetStream().start();
				Connection observer = Nats.connect(server.url())) {
			Connection connection = connect(server);
			declare(connection);
			AtomicInteger infoRequests = new AtomicInteger();
			Dispatcher dispatcher = observer.createDispatcher((message) -> infoRequests.incrementAndGet());
			dispatcher.subscribe("$JS.API.CONSUMER.INFO.ORDERS.billing");
			observer.flush(Duration.ofSeconds(5));
			Duration refresh = Duration.ofMillis(500);
			ConsumerPendingCounts counts = new ConsumerPendingCounts(this.registry, refresh);
			long start = System.nanoTime();
			int asked = 0;
			while (System.nanoTime() - start < Duration.ofSeconds(2).toNanos() && asked < 500_000_000) {
				assertThat(counts.get("orders", "ORDERS", "billing").error()).isNull();
				asked++;
			}
			long elapsed = System.nanoTime() - start;
			connection.flush(Duration.ofSeconds(5));
			observer.flush(Duration.ofSeconds(5));
			long allowed = elapsed / refresh.toNanos() + 1;
			int required = (elapsed >= 2 * refresh.toNanos()) ? 2 : 1;
			assertThat(asked).isGreaterThan(1000);
			await().atMost(Duration.ofSeconds(5)).until(() -> infoRequests.get() >= required);
			assertThat(infoRequests.get()).isBetween(required, (int) allowed);
		}
	}

	@Test
	void aFailedReadKeepsTheLastCountsAndSaysWhy() throws Exception {
		try (NatsServer server = NatsServer.builder().jetStream().start()) {
			Connection connection = connect(server);
			declare(connection);
			publish(connection, 3);
			ConsumerPendingCounts counts = new ConsumerPendingCounts(this.registry, Duration.ofMillis(50));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> Long.valueOf(3).equals(counts.get("orders", "ORDERS", "billing").pending()));
			server.stop();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> counts.get("orders", "ORDERS", "billing").error() != null);
			ConsumerPendingCounts.Counts kept = counts.get("orders", "ORDERS", "billing");
			assertThat(kept.pending()).isEqualTo(3);
			assertThat(kept.ackPending()).isZero();
			assertThat(kept.error()).contains("orders");
			ConsumerPendingCounts.Counts unknown = counts.get("orders", "ORDERS", "missing");
			assertThat(unknown.pending()).isNull();
			assertThat(unknown.error()).isNotNull();
		}
	}

	private Connection connect(NatsServer server) {
		return this.factory
			.connect("orders", NatsConnectionOrigin.CONFIGURATION,
					NatsConnectionSettings.builder().servers(List.of(server.address())).build())
			.connection();
	}

	static void declare(Connection connection) throws Exception {
		JetStreamManagement management = connection.jetStreamManagement();
		management.addStream(StreamConfiguration.builder()
			.name("ORDERS")
			.subjects("orders.>")
			.storageType(StorageType.File)
			.build());
		management.addOrUpdateConsumer("ORDERS",
				ConsumerConfiguration.builder().durable("billing").ackPolicy(AckPolicy.Explicit).build());
	}

	static void publish(Connection connection, int count) throws Exception {
		for (int i = 0; i < count; i++) {
			connection.jetStream().publish("orders.created", ("order " + i).getBytes());
		}
	}

}
