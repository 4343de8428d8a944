package io.kumo.nats.faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.autoconfigure.lua.NatsLuaAutoConfiguration;
import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.connection.NatsPublishOutcomeUnknownException;
import io.kumo.nats.connection.NatsStoppingException;
import io.kumo.nats.lua.NatsLuaScript;
import io.kumo.nats.lua.NatsLuaScriptException;
import io.kumo.nats.lua.NatsLuaScripts;
import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.impl.Headers;
import io.nats.client.support.NatsJetStreamConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Closing the application context, as SIGTERM does, while a loop on another thread publishes:
 * new publishes are refused with "application is stopping", the one in flight gets its ack,
 * subscriptions drain, and every publish ends acknowledged and stored, refused and not stored, or
 * with an unknown outcome; none reported failed is in the stream.
 */
@Timeout(300)
class ContextCloseFaultTests {

	private static final int MESSAGES = 20_000;

	private static final int ACKED_BEFORE_CLOSE = 300;

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension(NatsServer.builder().jetStream());

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, NatsLuaAutoConfiguration.class))
		.withPropertyValues("kumo.nats.connections.orders.servers=" + nats.server().address());

	@Test
	void closeDuringJetStreamBeanLoopLeavesNoFalseFailure() throws Exception {
		StoredMessages.createStream(nats.server().url(), "BEAN", "bean.>", 1);
		this.contextRunner.run((context) -> {
			JetStream jetStream = context.getBean(JetStream.class);
			byte[] payload = "order".getBytes(StandardCharsets.UTF_8);
			PublishLoop loop = new PublishLoop("bean-", MESSAGES, (id) -> jetStream.publish("bean.new",
					new Headers().put(NatsJetStreamConstants.MSG_ID_HDR, id), payload),
					ServerCrashFaultTests::javaOutcome);
			closeDuring(context, loop, "BEAN");
		});
	}

	@Test
	void closeDuringLuaLoopLeavesNoFalseFailure() throws Exception {
		StoredMessages.createStream(nats.server().url(), "LUA", "lua.>", 1);
		this.contextRunner.run((context) -> {
			NatsLuaScript script = context.getBean(NatsLuaScripts.class).compile("close.lua", """
					local client = kumo.nats.connect { servers = { '%s' } }
					function publish(id)
					  client:publish { subject = 'lua.new', payload = 'order', headers = { ['Nats-Msg-Id'] = id } }
					end
					""".formatted(nats.server().url()));
			PublishLoop loop = new PublishLoop("lua-", MESSAGES, (id) -> script.call("publish", id),
					ServerCrashFaultTests::luaOutcome);
			closeDuring(context, loop, "LUA");
			assertThat(loop.stoppedBy()).contains(NatsStoppingException.MESSAGE);
			assertThatExceptionOfType(NatsLuaScriptException.class).isThrownBy(() -> script.call("publish", "late"))
				.withMessageContaining(NatsStoppingException.MESSAGE);
		});
	}

	private void closeDuring(AssertableApplicationContext context, PublishLoop loop, String stream) throws Exception {
		NatsConnectionRegistry registry = context.getBean(NatsConnectionRegistry.class);
		try (loop) {
			loop.start().awaitAcked(ACKED_BEFORE_CLOSE, Duration.ofSeconds(120));
			context.close();
			loop.awaitEnd(Duration.ofSeconds(30));
		}
		Set<String> acked = loop.ids(PublishLoop.Outcome.ACKED);
		Set<String> unknown = loop.ids(PublishLoop.Outcome.UNKNOWN);
		Set<String> failed = loop.ids(PublishLoop.Outcome.FAILED);
		Set<String> refused = loop.ids(PublishLoop.Outcome.STOPPING);
		StoredMessages stored = StoredMessages.read(nats.server().url(), stream);
		Set<String> lost = new HashSet<>(acked);
		lost.removeAll(stored.ids());
		Set<String> storedUnknown = new HashSet<>(unknown);
		storedUnknown.retainAll(stored.ids());
		Set<String> storedFailed = new HashSet<>(failed);
		storedFailed.addAll(refused);
		storedFailed.retainAll(stored.ids());
		assertThat(loop.stoppedBy()).as("the loop ended on the refusal").isNotNull();
		assertThat(refused).hasSize(1);
		assertThat(failed).as("publishes reported failed").isEmpty();
		assertThat(acked).hasSizeGreaterThanOrEqualTo(ACKED_BEFORE_CLOSE).hasSizeLessThan(MESSAGES);
		assertThat(lost).as("acknowledged but not stored").isEmpty();
		assertThat(storedFailed).as("reported failed but stored").isEmpty();
		assertThat(stored.duplicates()).isZero();
		assertThat(stored.count()).as("stored = acknowledged + stored with unknown outcome")
			.isEqualTo(acked.size() + storedUnknown.size());
		assertThat(loop.reported()).isEqualTo(acked.size() + unknown.size() + refused.size());
		assertThat(registry.connections()).isEmpty();
		assertThat(registry.isStopping()).isTrue();
	}

	@Test
	void closeDrainsMessagesAlreadyDeliveredToSubscriptions() {
		int messages = 500;
		this.contextRunner.run((context) -> {
			Connection connection = context.getBean(Connection.class);
			AtomicInteger handled = new AtomicInteger();
			CountDownLatch first = new CountDownLatch(1);
			Dispatcher dispatcher = connection.createDispatcher((message) -> {
				first.countDown();
				busyFor(Duration.ofMillis(2));
				handled.incrementAndGet();
			});
			dispatcher.subscribe("work");
			connection.flush(Duration.ofSeconds(5));
			for (int i = 0; i < messages; i++) {
				connection.publish("work", new byte[] { 1 });
			}
			connection.flush(Duration.ofSeconds(5));
			assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
			context.close();
			assertThat(handled).hasValue(messages);
			assertThat(connection.getStatus()).isEqualTo(Connection.Status.CLOSED);
		});
	}

	@Test
	void publishWithoutAckWhenShutdownTimeoutEndsHasUnknownOutcome() {
		this.contextRunner
			.withPropertyValues("kumo.nats.shutdown-timeout=500ms", "kumo.nats.connections.orders.request-timeout=60s")
			.run((context) -> {
				Connection connection = context.getBean(Connection.class);
				CountDownLatch received = new CountDownLatch(1);
				connection.createDispatcher((message) -> received.countDown()).subscribe("silent.subject");
				connection.flush(Duration.ofSeconds(5));
				JetStream jetStream = context.getBean(JetStream.class);
				CompletableFuture<Exception> publish = CompletableFuture.supplyAsync(() -> {
					try {
						jetStream.publish("silent.subject", new Headers().put(NatsJetStreamConstants.MSG_ID_HDR, "s-1"),
								new byte[0]);
						return null;
					}
					catch (Exception ex) {
						return ex;
					}
				});
				assertThat(received.await(10, TimeUnit.SECONDS)).isTrue();
				long start = System.nanoTime();
				context.close();
				Duration closing = Duration.ofNanos(System.nanoTime() - start);
				assertThat(publish.get(10, TimeUnit.SECONDS)).isInstanceOf(NatsPublishOutcomeUnknownException.class)
					.hasMessageContaining("outcome unknown, safe to retry with the same Nats-Msg-Id 's-1'");
				assertThat(closing).isGreaterThanOrEqualTo(Duration.ofMillis(450)).isLessThan(Duration.ofSeconds(5));
			});
	}

	private static void busyFor(Duration duration) {
		long end = System.nanoTime() + duration.toNanos();
		while (System.nanoTime() - end < 0) {
			Thread.onSpinWait();
		}
	}

}
