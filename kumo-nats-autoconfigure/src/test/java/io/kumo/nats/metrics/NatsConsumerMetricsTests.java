package io.kumo.nats.metrics;

import java.time.Duration;
import java.util.List;

import io.kumo.nats.connection.NatsConnectionFactory;
import io.kumo.nats.connection.NatsConnectionOrigin;
import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.jetstream.ConsumerPendingCounts;
import io.kumo.nats.jetstream.TestJetStreamListenerContainer;
import io.kumo.nats.messaging.listener.NatsListenerEndpointRegistry;
import io.kumo.nats.settings.NatsConnectionSettings;
import io.kumo.nats.test.NatsServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class NatsConsumerMetricsTests {

	private static final Tags TAGS = Tags.of("connection", "orders", "stream", "ORDERS", "consumer", "billing",
			"listener", "billing-listener");

	private final NatsConnectionRegistry registry = new NatsConnectionRegistry();

	private final NatsConnectionFactory factory = new NatsConnectionFactory(this.registry,
			new DefaultResourceLoader(), null, List.of());

	private final MeterRegistry meters = new SimpleMeterRegistry();

	@AfterEach
	void closeConnections() {
		this.registry.close();
	}

	@Test
	void gaugesShowTheConsumersPendingCountsWithinTheRefreshInterval() throws Exception {
		try (NatsServer server = NatsServer.builder().jetStream().start()) {
			Connection connection = connect(server);
			declare(connection);
			TestJetStreamListenerContainer container = new TestJetStreamListenerContainer("billing-listener",
					"orders", connection, "ORDERS", "billing", false);
			Duration refresh = Duration.ofSeconds(1);
			bind(TestJetStreamListenerContainer.registryOf(container), refresh);
			assertThat(gauge("nats.consumer.pending")).isZero();
			for (int i = 0; i < 40; i++) {
				connection.jetStream().publish("orders.created", ("order " + i).getBytes());
			}
			long published = System.nanoTime();
			await().atMost(Duration.ofSeconds(15)).until(() -> gauge("nats.consumer.pending") == 40);
			assertThat(Duration.ofNanos(System.nanoTime() - published)).isLessThan(refresh.plusSeconds(5));
			assertThat(gauge("nats.consumer.ack.pending")).isZero();
		}
	}

	@Test
	void countersFollowTheListenersActivity() throws Exception {
		try (NatsServer server = NatsServer.builder().jetStream().start()) {
			Connection connection = connect(server);
			declare(connection);
			TestJetStreamListenerContainer container = new TestJetStreamListenerContainer("billing-listener",
					"orders", connection, "ORDERS", "billing", true);
			NatsConsumerMetrics metrics = bind(TestJetStreamListenerContainer.registryOf(container),
					Duration.ofMillis(200));
			container.start();
			metrics.start();
			for (int i = 0; i < 30; i++) {
				connection.jetStream().publish("orders.created", ("order " + i).getBytes());
			}
			await().atMost(Duration.ofSeconds(15)).until(() -> counter("nats.consumer.acked") == 30);
			assertThat(counter("nats.consumer.delivered")).isEqualTo(30);
			assertThat(counter("nats.consumer.redelivered")).isZero();
			assertThat(counter("nats.consumer.naked")).isZero();
			assertThat(counter("nats.consumer.terminated")).isZero();
			assertThat(counter("nats.consumer.dead.lettered")).isZero();
			await().atMost(Duration.ofSeconds(15)).until(() -> gauge("nats.consumer.pending") == 0);
			container.getActivity().naked();
			container.getActivity().terminated();
			container.getActivity().deadLettered();
			container.getActivity().delivered(true);
			assertThat(counter("nats.consumer.naked")).isEqualTo(1);
			assertThat(counter("nats.consumer.terminated")).isEqualTo(1);
			assertThat(counter("nats.consumer.dead.lettered")).isEqualTo(1);
			assertThat(counter("nats.consumer.redelivered")).isEqualTo(1);
			assertThat(counter("nats.consumer.delivered")).isEqualTo(31);
			container.stop();
		}
	}

	@Test
	void listenersRegisteredAfterBindingAreBoundWhenTheListenersStart() throws Exception {
		try (NatsServer server = NatsServer.builder().jetStream().start()) {
			Connection connection = connect(server);
			TestJetStreamListenerContainer container = new TestJetStreamListenerContainer("billing-listener",
					"orders", connection, "ORDERS", "billing", false);
			NatsListenerEndpointRegistry listeners = TestJetStreamListenerContainer.registryOf();
			NatsConsumerMetrics metrics = bind(listeners, Duration.ofSeconds(5));
			assertThat(this.meters.find("nats.consumer.delivered").meters()).isEmpty();
			listeners.registerListenerContainer(container);
			metrics.start();
			metrics.start();
			assertThat(this.meters.find("nats.consumer.delivered").tags(TAGS).functionCounters()).hasSize(1);
		}
	}

	private NatsConsumerMetrics bind(NatsListenerEndpointRegistry listeners, Duration refresh) {
		NatsConsumerMetrics metrics = new NatsConsumerMetrics(listeners,
				new ConsumerPendingCounts(this.registry, refresh));
		metrics.bindTo(this.meters);
		return metrics;
	}

	private double gauge(String name) {
		return this.meters.get(name).tags(TAGS).gauge().value();
	}

	private double counter(String name) {
		return this.meters.get(name).tags(TAGS).functionCounter().count();
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
