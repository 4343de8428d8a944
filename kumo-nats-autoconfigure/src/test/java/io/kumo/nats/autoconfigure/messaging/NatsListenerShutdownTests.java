package io.kumo.nats.autoconfigure.messaging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.messaging.listener.NatsListener;
import io.kumo.nats.messaging.listener.NatsListenerEndpointRegistry;
import io.kumo.nats.test.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closing the application while a listener method runs: the method completes, every message the
 * server delivered to the client is handled, on the dispatcher's thread or on a concurrent
 * listener's pool, and only then does the connection close.
 */
class NatsListenerShutdownTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final int MESSAGES = 200;

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, NatsListenerAutoConfiguration.class))
		.withPropertyValues("kumo.nats.connections.main.servers=" + nats.server().address())
		.withUserConfiguration(SlowListener.class);

	@ParameterizedTest(name = "concurrency {0}")
	@ValueSource(strings = { "1", "4" })
	void closingWaitsForTheRunningMethodAndHandlesEveryDeliveredMessage(String concurrency) {
		this.contextRunner.withPropertyValues("app.concurrency=" + concurrency).run((context) -> {
			SlowListener listener = context.getBean(SlowListener.class);
			Connection connection = context.getBean(Connection.class);
			publish(MESSAGES);
			assertThat(listener.entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
			await().atMost(WAIT).until(() -> connection.getStatistics().getInMsgs() >= MESSAGES);
			Thread closing = new Thread(context::close);
			closing.start();
			NatsListenerEndpointRegistry registry = context.getBean(NatsListenerEndpointRegistry.class);
			await().atMost(WAIT).until(() -> !registry.isRunning());
			assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
			assertThat(listener.statusesAfterHandling).isEmpty();
			listener.release.countDown();
			closing.join(WAIT.toMillis());
			assertThat(closing.isAlive()).isFalse();
			assertThat(listener.statusesAfterHandling).hasSize(MESSAGES)
				.containsOnly(Connection.Status.CONNECTED);
			assertThat(connection.getStatus()).isEqualTo(Connection.Status.CLOSED);
		});
	}

	@Test
	void closingIsBoundedByTheShutdownTimeout() {
		this.contextRunner.withPropertyValues("kumo.nats.listener.shutdown-timeout=1s").run((context) -> {
			SlowListener listener = context.getBean(SlowListener.class);
			publish(1);
			assertThat(listener.entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
			long start = System.nanoTime();
			context.close();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
			assertThat(listener.statusesAfterHandling).isEmpty();
			listener.release.countDown();
		});
	}

	private static void publish(int count) throws Exception {
		try (Connection publisher = Nats.connect(nats.server().url())) {
			for (int i = 0; i < count; i++) {
				publisher.publish("shutdown.work", new byte[16]);
			}
			publisher.flush(WAIT);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class SlowListener {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final List<Connection.Status> statusesAfterHandling = new CopyOnWriteArrayList<>();

		private final Connection connection;

		SlowListener(Connection connection) {
			this.connection = connection;
		}

		@NatsListener(subjects = "shutdown.work", concurrency = "${app.concurrency:1}")
		void work(byte[] body) throws InterruptedException {
			this.entered.countDown();
			this.release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
			this.statusesAfterHandling.add(this.connection.getStatus());
		}

	}

}
