package io.kumo.nats.faults;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.autoconfigure.health.NatsHealthContributorAutoConfiguration;
import io.kumo.nats.autoconfigure.metrics.NatsMetricsAutoConfiguration;
import io.kumo.nats.connection.NatsConnectionEvents;
import io.kumo.nats.health.NatsHealthContributor;
import io.kumo.nats.health.NatsHealthIndicator;
import io.kumo.nats.test.NatsServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;
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
 * A subscription that cannot keep up with its publisher and drops messages: the warnings are
 * rate-limited to one per interval with a count of those left out, health shows the dropping
 * with the configured status, and the meters count every event and every dropped message.
 */
@ExtendWith(OutputCaptureExtension.class)
class SlowConsumerFaultTests {

	private static final String SUBJECT = "slow.consumer";

	private static final Duration LONGEST_RUN = Duration.ofSeconds(45);

	private static final Pattern LEFT_OUT = Pattern.compile("; (\\d+) more slow consumer reports since the last warning");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class,
				NatsHealthContributorAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				NatsMetricsAutoConfiguration.class));

	/**
	 * The handler takes about half a millisecond per message, standing for real work, while the
	 * publisher sends as fast as it can; with a pending limit of 20 messages the subscription
	 * turns slow, catches up and turns slow again many times a second.
	 */
	@Test
	void slowConsumerWarningsAreRateLimitedAndHealthAndMetersShowTheDropping(CapturedOutput output)
			throws Exception {
		try (NatsServer server = NatsServer.builder().start()) {
			this.contextRunner.withPropertyValues("kumo.nats.connections.orders.servers=" + server.address())
				.run((context) -> {
					assertThat(context).hasNotFailed();
					Connection orders = context.getBean(Connection.class);
					NatsHealthIndicator indicator = indicator(context);
					assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
					int logStart = output.length();
					Dispatcher dispatcher = orders.createDispatcher((message) -> LockSupport.parkNanos(500_000));
					dispatcher.subscribe(SUBJECT);
					dispatcher.setPendingLimits(20, -1);
					orders.flush(Duration.ofSeconds(5));
					long started = System.nanoTime();
					AtomicBoolean publishing = new AtomicBoolean(true);
					CompletableFuture<Long> published = publishUntilStopped(server, publishing);
					try {
						Health dropping = await().atMost(Duration.ofSeconds(15))
							.until(indicator::health, (health) -> health.getStatus().equals(Status.OUT_OF_SERVICE));
						assertThat((Long) dropping.getDetails().get("droppedMessages")).isPositive();
						assertThat(dropping.getDetails()).containsEntry("status", "CONNECTED").containsKey("lastDropAt");
						await().atMost(LONGEST_RUN)
							.until(() -> LEFT_OUT.matcher(output.toString().substring(logStart)).find());
					}
					finally {
						publishing.set(false);
					}
					Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
					assertThat(published.get(10, TimeUnit.SECONDS)).isPositive();
					dispatcher.unsubscribe(SUBJECT);
					orders.flush(Duration.ofSeconds(5));

					List<String> warnings = output.toString()
						.substring(logStart)
						.lines()
						.filter((line) -> line.contains("NATS connection 'orders': slow consumer"))
						.toList();
					long intervals = elapsed.toNanos() / NatsConnectionEvents.WARNING_INTERVAL.toNanos();
					assertThat(warnings).hasSizeBetween(2, (int) intervals + 2);
					assertThat(warnings).allMatch((line) -> line.contains("WARN"));
					long leftOut = 0;
					for (String warning : warnings) {
						Matcher matcher = LEFT_OUT.matcher(warning);
						leftOut += matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
					}
					double slowConsumers = counter(context, "nats.slow.consumers");
					assertThat(leftOut).isPositive();
					assertThat(slowConsumers).isGreaterThanOrEqualTo(warnings.size() + leftOut)
						.isGreaterThan(warnings.size());
					assertThat(counter(context, "nats.messages.dropped"))
						.isEqualTo(orders.getStatistics().getDroppedCount())
						.isPositive();
				});
		}
	}

	@Test
	void theDroppingStatusCanBeConfigured() {
		try (NatsServer server = NatsServer.builder().start()) {
			this.contextRunner
				.withPropertyValues("kumo.nats.connections.orders.servers=" + server.address(),
						"management.health.nats.dropping-status=down")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					Connection orders = context.getBean(Connection.class);
					NatsHealthIndicator indicator = indicator(context);
					Subscription subscription = orders.subscribe(SUBJECT);
					subscription.setPendingLimits(5, -1);
					orders.flush(Duration.ofSeconds(5));
					assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
					for (int i = 0; i < 100; i++) {
						orders.publish(SUBJECT, new byte[] { (byte) i });
					}
					orders.flush(Duration.ofSeconds(5));
					Health health = await().atMost(Duration.ofSeconds(10))
						.until(indicator::health, (h) -> h.getStatus().equals(Status.DOWN));
					assertThat(health.getDetails()).containsEntry("status", "CONNECTED")
						.containsEntry("droppedMessages", 95L)
						.containsKey("lastDropAt");
					assertThat(counter(context, "nats.messages.dropped")).isEqualTo(95);
					assertThat(counter(context, "nats.slow.consumers")).isEqualTo(1);
				});
		}
	}

	private static CompletableFuture<Long> publishUntilStopped(NatsServer server, AtomicBoolean publishing)
			throws Exception {
		Connection publisher = Nats.connect(Options.builder().server(server.url()).build());
		byte[] payload = new byte[256];
		return CompletableFuture.supplyAsync(() -> {
			long count = 0;
			long deadline = System.nanoTime() + LONGEST_RUN.plusSeconds(20).toNanos();
			try (publisher) {
				while (publishing.get() && System.nanoTime() < deadline) {
					publisher.publish(SUBJECT, payload);
					count++;
				}
				publisher.flush(Duration.ofSeconds(5));
			}
			catch (Exception ex) {
				throw new IllegalStateException("publisher failed after " + count + " messages", ex);
			}
			return count;
		});
	}

	private static NatsHealthIndicator indicator(AssertableApplicationContext context) {
		return (NatsHealthIndicator) context.getBean(NatsHealthContributor.class).getContributor("orders");
	}

	private static double counter(AssertableApplicationContext context, String meter) {
		return context.getBean(MeterRegistry.class).get(meter).tag("name", "orders").functionCounter().count();
	}

}
