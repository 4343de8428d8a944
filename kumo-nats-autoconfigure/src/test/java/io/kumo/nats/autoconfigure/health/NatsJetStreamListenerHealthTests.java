package io.kumo.nats.autoconfigure.health;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.autoconfigure.jetstream.NatsJetStreamAutoConfiguration;
import io.kumo.nats.autoconfigure.messaging.NatsListenerAutoConfiguration;
import io.kumo.nats.autoconfigure.metrics.NatsMetricsAutoConfiguration;
import io.kumo.nats.health.NatsConsumersHealthContributor;
import io.kumo.nats.messaging.listener.NatsListener;
import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.NatsServerExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real {@code @NatsListener} on a declared durable consumer shows up in the consumers' health
 * and meters with what it did: deliveries, acknowledgements, handing back and dead letters.
 */
class NatsJetStreamListenerHealthTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension(NatsServer.builder().jetStream());

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				NatsAutoConfiguration.class, NatsJetStreamAutoConfiguration.class, NatsListenerAutoConfiguration.class,
				NatsMetricsAutoConfiguration.class, NatsHealthContributorAutoConfiguration.class))
		.withUserConfiguration(Billing.class)
		.withPropertyValues("kumo.nats.connections.orders.servers=" + nats.server().address(),
				"kumo.nats.connections.orders.jetstream.streams.BILLING.subjects=billing.>",
				"kumo.nats.connections.orders.jetstream.streams.DEAD.subjects=dead.billing",
				"kumo.nats.connections.orders.jetstream.consumers.invoicer.stream=BILLING",
				"kumo.nats.connections.orders.jetstream.consumers.invoicer.max-deliver=5",
				"kumo.nats.listener.consumer-info-refresh=100ms");

	@Test
	void healthAndMetersFollowWhatTheListenerDid() {
		this.contextRunner.run((context) -> {
			JetStream jetStream = context.getBean(Connection.class).jetStream();
			for (int i = 0; i < 4; i++) {
				jetStream.publish("billing.ok", ("invoice " + i).getBytes());
			}
			jetStream.publish("billing.bad", "broken".getBytes());
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(count(meters, "nats.consumer.dead.lettered")).isEqualTo(1));
			assertThat(count(meters, "nats.consumer.acked")).isEqualTo(4);
			assertThat(count(meters, "nats.consumer.naked")).isEqualTo(1);
			assertThat(count(meters, "nats.consumer.delivered")).isEqualTo(6);
			assertThat(count(meters, "nats.consumer.redelivered")).isEqualTo(1);
			assertThat(context.getBean(Billing.class).handled).hasValue(4);
			HealthIndicator indicator = (HealthIndicator) context.getBean(NatsConsumersHealthContributor.class)
				.getContributor("invoicing");
			await().atMost(WAIT).untilAsserted(() -> {
				Health health = indicator.health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("stream", "BILLING")
					.containsEntry("consumer", "invoicer")
					.containsEntry("delivered", 6L)
					.containsEntry("pending", 0L);
			});
		});
	}

	private static double count(MeterRegistry meters, String name) {
		return meters.get(name).tag("listener", "invoicing").tag("consumer", "invoicer").functionCounter().count();
	}

	@Configuration(proxyBeanMethods = false)
	static class Billing {

		final AtomicInteger handled = new AtomicInteger();

		@NatsListener(id = "invoicing", stream = "BILLING", durable = "invoicer", maxDeliveries = "2",
				backoff = "100ms", deadLetterSubject = "dead.billing")
		void invoice(String invoice) {
			if (invoice.equals("broken")) {
				throw new IllegalStateException("cannot bill");
			}
			this.handled.incrementAndGet();
		}

	}

}
