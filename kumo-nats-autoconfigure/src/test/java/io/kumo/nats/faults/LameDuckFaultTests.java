package io.kumo.nats.faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.autoconfigure.health.NatsHealthContributorAutoConfiguration;
import io.kumo.nats.autoconfigure.metrics.NatsMetricsAutoConfiguration;
import io.kumo.nats.health.NatsHealthContributor;
import io.kumo.nats.health.NatsHealthIndicator;
import io.kumo.nats.test.NatsCluster;
import io.kumo.nats.test.NatsServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server announcing lame duck mode with a 5 s grace period: with another server in the list the
 * connection is on it before the grace period ends, and health and meters say what happened; with
 * none it stays where it is, still up, and says so.
 */
@ExtendWith(OutputCaptureExtension.class)
class LameDuckFaultTests {

	private static final Duration GRACE_PERIOD = Duration.ofSeconds(5);

	private static final String CLIENT_NAME = "lame-duck-client";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class,
				NatsHealthContributorAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				NatsMetricsAutoConfiguration.class))
		.withPropertyValues("kumo.nats.connections.orders.name=" + CLIENT_NAME,
				"kumo.nats.connections.orders.retain-servers-order=true");

	@Test
	void theConnectionMovesToTheOtherServerBeforeTheGracePeriodEnds(CapturedOutput output) {
		try (NatsCluster cluster = NatsCluster.builder()
			.size(2)
			.configLine("lame_duck_grace_period: " + GRACE_PERIOD.toSeconds() + "s")
			.configLine("lame_duck_duration: 30s")
			.start()) {
			NatsServer first = cluster.server(0);
			NatsServer second = cluster.server(1);
			this.contextRunner.withPropertyValues("kumo.nats.connections.orders.servers=" + cluster.urls())
				.run((context) -> {
					assertThat(context).hasNotFailed();
					Connection connection = context.getBean(Connection.class);
					NatsHealthIndicator indicator = indicator(context);
					Health before = indicator.health();
					assertThat(before.getStatus()).isEqualTo(Status.UP);
					assertThat(before.getDetails()).containsEntry("url", first.url()).doesNotContainKey("lameDuck");
					assertThat(first.clientNames()).contains(CLIENT_NAME);

					long signalled = System.nanoTime();
					first.lameDuck();
					List<String> transitions = new ArrayList<>();
					record(before, transitions);
					Health moved = await().atMost(GRACE_PERIOD)
						.pollInterval(Duration.ofMillis(20))
						.until(() -> record(indicator.health(), transitions), (health) -> isMoved(health, second));
					Duration elapsed = Duration.ofNanos(System.nanoTime() - signalled);

					assertThat(elapsed).isLessThan(GRACE_PERIOD);
					assertThat(transitions).first().isEqualTo("UP " + first.url());
					assertThat(transitions).last().isEqualTo("UP " + second.url());
					assertThat(transitions).doesNotContain("DOWN " + second.url());
					@SuppressWarnings("unchecked")
					Map<String, Object> lameDuck = (Map<String, Object>) moved.getDetails().get("lameDuck");
					assertThat(lameDuck).containsEntry("server", first.url())
						.containsEntry("movedTo", second.url())
						.containsKey("noticedAt");
					assertThat(second.clientNames()).contains(CLIENT_NAME);
					await().atMost(Duration.ofSeconds(5)).until(() -> !first.clientNames().contains(CLIENT_NAME));
					assertThat(counter(context, "nats.lame.duck.notices")).isEqualTo(1);
					assertThat(counter(context, "nats.reconnects")).isEqualTo(1);

					Subscription subscription = connection.subscribe("after.move");
					connection.publish("after.move", "still here".getBytes(StandardCharsets.UTF_8));
					Message message = subscription.nextMessage(Duration.ofSeconds(5));
					assertThat(message).isNotNull();
					assertThat(output.toString()).contains("NATS connection 'orders': server " + first.url()
							+ " entered lame duck mode; moving to another server")
						.containsPattern("NATS connection 'orders' moved from lame duck server \\S+ to "
								+ second.url().replace(".", "\\.") + " in \\d+ ms")
						.doesNotContain("NATS connection 'orders' lost its server");
				});
		}
	}

	@Test
	void withoutAnotherServerTheConnectionStaysUpAndHealthShowsTheNotice(CapturedOutput output) {
		try (NatsServer server = NatsServer.builder()
			.configLine("lame_duck_grace_period: " + GRACE_PERIOD.toSeconds() + "s")
			.configLine("lame_duck_duration: 30s")
			.start()) {
			this.contextRunner.withPropertyValues("kumo.nats.connections.orders.servers=" + server.address())
				.run((context) -> {
					assertThat(context).hasNotFailed();
					NatsHealthIndicator indicator = indicator(context);
					server.lameDuck();
					Health health = await().atMost(GRACE_PERIOD)
						.until(indicator::health, (h) -> h.getDetails().containsKey("lameDuck"));
					assertThat(health.getStatus()).isEqualTo(Status.UP);
					assertThat(health.getDetails()).containsEntry("url", server.url());
					@SuppressWarnings("unchecked")
					Map<String, Object> lameDuck = (Map<String, Object>) health.getDetails().get("lameDuck");
					assertThat(lameDuck).containsEntry("server", server.url()).doesNotContainKey("movedTo");
					assertThat(counter(context, "nats.lame.duck.notices")).isEqualTo(1);
					assertThat(output.toString()).contains("NATS connection 'orders': server " + server.url()
							+ " entered lame duck mode and there is no other server to move to");
				});
		}
	}

	private static NatsHealthIndicator indicator(AssertableApplicationContext context) {
		return (NatsHealthIndicator) context.getBean(NatsHealthContributor.class).getContributor("orders");
	}

	private static Health record(Health health, List<String> transitions) {
		String state = health.getStatus().getCode() + " " + health.getDetails().getOrDefault("url", "-");
		if (transitions.isEmpty() || !transitions.get(transitions.size() - 1).equals(state)) {
			transitions.add(state);
		}
		return health;
	}

	private static boolean isMoved(Health health, NatsServer target) {
		return health.getStatus().equals(Status.UP) && target.url().equals(health.getDetails().get("url"))
				&& health.getDetails().get("lameDuck") instanceof Map<?, ?> lameDuck && lameDuck.containsKey("movedTo");
	}

	private static double counter(AssertableApplicationContext context, String meter) {
		return context.getBean(MeterRegistry.class).get(meter).tag("name", "orders").functionCounter().count();
	}

}
