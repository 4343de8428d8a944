package io.kumo.nats.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.autoconfigure.health.NatsHealthContributorAutoConfiguration;
import io.kumo.nats.autoconfigure.metrics.NatsMetricsAutoConfiguration;
import io.kumo.nats.connection.IdleNatsConnections;
import io.kumo.nats.connection.NatsConnectionFactory;
import io.kumo.nats.connection.NatsConnectionOrigin;
import io.kumo.nats.connection.RegisteredNatsConnection;
import io.kumo.nats.health.NatsHealthContributor;
import io.kumo.nats.health.NatsHealthIndicator;
import io.kumo.nats.settings.NatsConnectionSettings;
import io.kumo.nats.test.NatsServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
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
 * A 10 s outage of the only server, stopped and restarted on the same port, as an operator sees
 * it: at most two warnings per connection, one line on recovery with the outage's length and the
 * number of attempts, nothing from a connection parked for reuse, and health that forgets the
 * outage's error and measures a fresh round trip.
 */
@ExtendWith(OutputCaptureExtension.class)
class OutageLoggingFaultTests {

	private static final Duration OUTAGE = Duration.ofSeconds(10);

	private static final List<String> CONFIGURED = List.of("orders", "audit");

	private static final Pattern RECOVERY = Pattern
		.compile("reconnected to \\S+ after an outage of (\\d+\\.\\d) s and (\\d+) attempts");

	@Test
	void anOutageIsOneWarningAndOneRecoveryLinePerConnection(CapturedOutput output) {
		try (NatsServer server = NatsServer.builder().start()) {
			contextRunner(server).run((context) -> {
				assertThat(context).hasNotFailed();
				NatsHealthContributor health = context.getBean(NatsHealthContributor.class);
				Map<String, Instant> roundTripsBefore = new HashMap<>();
				for (String name : CONFIGURED) {
					Health before = await().atMost(Duration.ofSeconds(10))
						.until(() -> indicator(health, name).health(), (h) -> h.getDetails().containsKey("roundTripAt"));
					assertThat(before.getStatus()).isEqualTo(Status.UP);
					roundTripsBefore.put(name, Instant.parse((String) before.getDetails().get("roundTripAt")));
				}
				try (IdleNatsConnections idle = new IdleNatsConnections(Duration.ofMinutes(5), 1, 64)) {
					RegisteredNatsConnection parked = context.getBean(NatsConnectionFactory.class)
						.connect("parked", NatsConnectionOrigin.SCRIPT,
								NatsConnectionSettings.builder().servers(List.of(server.address())).build(), idle);
					Connection parkedConnection = parked.connection();
					parked.close();
					int logStart = output.length();

					server.stop();
					await().during(OUTAGE).atMost(OUTAGE.plusSeconds(10)).until(() -> CONFIGURED.stream()
						.allMatch((name) -> indicator(health, name).health().getStatus().equals(Status.DOWN)));
					Map<String, Object> during = indicator(health, "orders").health().getDetails();
					assertThat((String) during.get("lastError")).contains("Connection refused");
					assertThat(during).containsKey("lastErrorAt").doesNotContainKeys("roundTripMillis", "url");
					Instant restarted = Instant.now();
					server.restart();

					for (String name : CONFIGURED) {
						Health after = await().atMost(Duration.ofSeconds(20))
							.until(() -> indicator(health, name).health(),
									(h) -> h.getStatus().equals(Status.UP) && h.getDetails().containsKey("roundTripAt"));
						assertThat(after.getDetails()).containsEntry("reconnects", 1L)
							.doesNotContainKeys("lastError", "lastErrorAt");
						Instant roundTripAt = Instant.parse((String) after.getDetails().get("roundTripAt"));
						assertThat(roundTripAt).isAfter(restarted).isAfter(roundTripsBefore.get(name));
					}
					await().atMost(Duration.ofSeconds(20))
						.until(() -> parkedConnection.getStatus() == Connection.Status.CONNECTED);
					await().atMost(Duration.ofSeconds(5))
						.until(() -> CONFIGURED.stream().allMatch((name) -> recoveryLines(output, logStart, name) == 1));

					String log = output.toString().substring(logStart);
					for (String name : CONFIGURED) {
						assertThat(lines(log, "WARN", name)).as("warnings of %s", name).isBetween(1L, 2L);
						Matcher recovery = RECOVERY.matcher(line(log, name, "reconnected to"));
						assertThat(recovery.find()).isTrue();
						assertThat(Double.parseDouble(recovery.group(1))).isBetween(OUTAGE.toSeconds() - 0.5,
								OUTAGE.toSeconds() + 15.0);
						assertThat(Integer.parseInt(recovery.group(2))).isGreaterThanOrEqualTo(2);
						assertThat(counter(context, "nats.disconnects", name)).isEqualTo(1);
						assertThat(counter(context, "nats.reconnects", name)).isEqualTo(1);
					}
					assertThat(lines(log, "WARN", "parked")).isZero();
					assertThat(lines(log, "INFO", "parked")).isZero();
				}
			});
		}
	}

	private ApplicationContextRunner contextRunner(NatsServer server) {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class,
					NatsHealthContributorAutoConfiguration.class, MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					NatsMetricsAutoConfiguration.class));
		for (String name : CONFIGURED) {
			runner = runner.withPropertyValues("kumo.nats.connections." + name + ".servers=" + server.address(),
					"kumo.nats.connections." + name + ".primary=" + name.equals("orders"));
		}
		return runner;
	}

	private static NatsHealthIndicator indicator(NatsHealthContributor health, String name) {
		return (NatsHealthIndicator) health.getContributor(name);
	}

	private static double counter(AssertableApplicationContext context, String meter, String name) {
		return context.getBean(MeterRegistry.class).get(meter).tag("name", name).functionCounter().count();
	}

	private static long recoveryLines(CapturedOutput output, int from, String name) {
		return output.toString()
			.substring(from)
			.lines()
			.filter((line) -> line.contains("NATS connection '" + name + "' reconnected to"))
			.count();
	}

	private static long lines(String log, String level, String name) {
		Pattern levelPattern = Pattern.compile("\\b" + level + "\\b");
		return log.lines()
			.filter((line) -> line.contains("NATS connection '" + name + "'") && levelPattern.matcher(line).find())
			.count();
	}

	private static String line(String log, String name, String text) {
		return log.lines()
			.filter((line) -> line.contains("NATS connection '" + name + "'") && line.contains(text))
			.findFirst()
			.orElseThrow();
	}

}
