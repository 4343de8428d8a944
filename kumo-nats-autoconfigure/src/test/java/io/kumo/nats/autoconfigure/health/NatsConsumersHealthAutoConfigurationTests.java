package io.kumo.nats.autoconfigure.health;

import java.time.Duration;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.autoconfigure.messaging.NatsListenerAutoConfiguration;
import io.kumo.nats.autoconfigure.metrics.NatsMetricsAutoConfiguration;
import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.health.NatsConsumersHealthContributor;
import io.kumo.nats.jetstream.ConsumerPendingCounts;
import io.kumo.nats.jetstream.TestJetStreamListenerContainer;
import io.kumo.nats.messaging.listener.NatsListenerEndpointRegistry;
import io.kumo.nats.metrics.NatsConsumerMetrics;
import io.kumo.nats.test.NatsServerExtension;
import io.kumo.nats.test.NatsServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class NatsConsumersHealthAutoConfigurationTests {

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension(NatsServer.builder().jetStream());

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				NatsAutoConfiguration.class, NatsListenerAutoConfiguration.class, NatsMetricsAutoConfiguration.class,
				NatsHealthContributorAutoConfiguration.class))
		.withPropertyValues("kumo.nats.connections.orders.servers=" + nats.server().address());

	@Test
	void healthAndMetersShareOneReaderOfConsumerInfo() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(ConsumerPendingCounts.class)
			.hasSingleBean(NatsConsumerMetrics.class)
			.hasSingleBean(NatsConsumersHealthContributor.class)
			.hasBean("natsConsumersHealthContributor"));
	}

	@Test
	void healthOfConsumersCanBeTurnedOffAlone() {
		this.contextRunner.withPropertyValues("management.health.nats.consumers.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(NatsConsumersHealthContributor.class)
				.hasBean("natsHealthContributor")
				.hasSingleBean(NatsConsumerMetrics.class));
	}

	@Test
	void aStalledListenerHasTheConfiguredStatusAfterTheConfiguredTime() {
		this.contextRunner
			.withPropertyValues("management.health.nats.consumers.stalled-after=500ms",
					"management.health.nats.consumers.stalled-status=down", "kumo.nats.listener.consumer-info-refresh=1")
			.run((context) -> {
				Connection connection = context.getBean(NatsConnectionRegistry.class).get("orders").connection();
				connection.jetStreamManagement()
					.addStream(StreamConfiguration.builder().name("AUTO").subjects("auto.>").build());
				connection.jetStreamManagement()
					.addOrUpdateConsumer("AUTO", ConsumerConfiguration.builder().durable("worker").build());
				connection.jetStream().publish("auto.created", "order".getBytes());
				TestJetStreamListenerContainer container = new TestJetStreamListenerContainer("worker-listener",
						"orders", connection, "AUTO", "worker", false);
				context.getBean(NatsListenerEndpointRegistry.class).registerListenerContainer(container);
				assertThat(container.isRunning()).isTrue();
				context.getBean(NatsConsumerMetrics.class).start();
				HealthIndicator indicator = (HealthIndicator) context.getBean(NatsConsumersHealthContributor.class)
					.getContributor("worker-listener");
				await().atMost(Duration.ofSeconds(15)).until(() -> indicator.health().getStatus().equals(Status.DOWN));
				assertThat(context.getBean(MeterRegistry.class)
					.get("nats.consumer.pending")
					.tag("listener", "worker-listener")
					.gauge()
					.value()).isEqualTo(1);
			});
	}

}
