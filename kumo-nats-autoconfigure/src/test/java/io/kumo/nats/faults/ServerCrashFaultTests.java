package io.kumo.nats.faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.autoconfigure.lua.NatsLuaAutoConfiguration;
import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.connection.NatsPublishOutcomeUnknownException;
import io.kumo.nats.connection.NatsStoppingException;
import io.kumo.nats.connection.RegisteredNatsConnection;
import io.kumo.nats.lua.NatsLuaScript;
import io.kumo.nats.lua.NatsLuaScripts;
import io.kumo.nats.test.NatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.impl.Headers;
import io.nats.client.support.NatsJetStreamConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server killed with SIGKILL during a publish loop and restarted on the same port with its
 * JetStream store: the publish in flight is sent again with its {@code Nats-Msg-Id} once the
 * connection is back, publishing resumes within a second of the server accepting connections, no
 * acknowledged message is lost and none is stored twice, for the JetStream bean and for Lua alike.
 */
@Timeout(300)
class ServerCrashFaultTests {

	private static final Duration OUTAGE = Duration.ofSeconds(2);

	private static final int MESSAGES = 20_000;

	private static final int ACKED_BEFORE_CRASH = 300;

	private static final int ACKED_AFTER_RESTART = 300;

	private NatsServer server;

	@BeforeEach
	void startServer() throws Exception {
		this.server = NatsServer.builder().jetStream().start();
		StoredMessages.createStream(this.server.url(), "ORDERS", "orders.>", 1);
	}

	@AfterEach
	void closeServer() {
		this.server.close();
	}

	private ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, NatsLuaAutoConfiguration.class))
			.withPropertyValues("kumo.nats.connections.orders.servers=" + this.server.address());
	}

	@Test
	void jetStreamBeanResumesWithinOneSecondWithoutLossOrDuplicates() {
		contextRunner().run((context) -> {
			JetStream jetStream = context.getBean(JetStream.class);
			byte[] payload = "order".getBytes(StandardCharsets.UTF_8);
			PublishLoop loop = new PublishLoop("bean-", MESSAGES, (id) -> {
				Headers headers = new Headers().put(NatsJetStreamConstants.MSG_ID_HDR, id);
				jetStream.publish("orders.new", headers, payload);
			}, ServerCrashFaultTests::javaOutcome);
			crashAndRestartDuring(loop);
			assertConnectionRecovered(context.getBean(NatsConnectionRegistry.class).get("orders"));
		});
	}

	@Test
	void luaScriptResumesWithinOneSecondWithoutLossOrDuplicates() {
		contextRunner().run((context) -> {
			NatsLuaScript script = context.getBean(NatsLuaScripts.class).compile("crash.lua", """
					local client = kumo.nats.connect { servers = { '%s' } }
					function publish(id)
					  client:publish { subject = 'orders.new', payload = 'order', headers = { ['Nats-Msg-Id'] = id } }
					end
					""".formatted(this.server.url()));
			PublishLoop loop = new PublishLoop("lua-", MESSAGES, (id) -> script.call("publish", id),
					ServerCrashFaultTests::luaOutcome);
			crashAndRestartDuring(loop);
			RegisteredNatsConnection scripted = context.getBean(NatsConnectionRegistry.class)
				.connections()
				.stream()
				.filter((connection) -> connection.name().startsWith("lua-"))
				.findFirst()
				.orElseThrow();
			assertConnectionRecovered(scripted);
		});
	}

	@Test
	void publishWithoutMessageIdFailsSoonAfterTheCrashWithUnknownOutcome() {
		contextRunner().run((context) -> assertFailsSoonAfterCrash(context, new Headers(),
				"publish to 'unanswered': outcome unknown, a retry may store it twice unless it carries a Nats-Msg-Id: "
						+ "the connection was lost before the ack arrived"));
	}

	@Test
	void publishWithMessageIdFailsSoonAfterTheCrashWhenResendIsOff() {
		contextRunner().withPropertyValues("kumo.nats.connections.orders.resend-on-reconnect=false")
			.run((context) -> assertFailsSoonAfterCrash(context,
					new Headers().put(NatsJetStreamConstants.MSG_ID_HDR, "id-7"),
					"publish to 'unanswered': outcome unknown, safe to retry with the same Nats-Msg-Id 'id-7': "
							+ "the connection was lost before the ack arrived"));
	}

	private void assertFailsSoonAfterCrash(ApplicationContext context, Headers headers, String expectedMessage)
			throws Exception {
		Connection connection = context.getBean(Connection.class);
		CountDownLatch received = new CountDownLatch(1);
		connection.createDispatcher((message) -> received.countDown()).subscribe("unanswered");
		connection.flush(Duration.ofSeconds(5));
		JetStream jetStream = context.getBean(JetStream.class);
		CompletableFuture<Exception> publish = CompletableFuture.supplyAsync(() -> {
			try {
				jetStream.publish("unanswered", headers, new byte[0]);
				return null;
			}
			catch (Exception ex) {
				return ex;
			}
		});
		assertThat(received.await(10, TimeUnit.SECONDS)).isTrue();
		long killed = System.nanoTime();
		this.server.kill();
		Exception failure = publish.get(30, TimeUnit.SECONDS);
		Duration failedAfter = Duration.ofNanos(System.nanoTime() - killed);
		assertThat(failure).isInstanceOf(NatsPublishOutcomeUnknownException.class).hasMessage(expectedMessage);
		assertThat(failedAfter).as("failed after the crash, well before request-timeout (10 s)")
			.isLessThan(Duration.ofSeconds(3));
	}

	private void crashAndRestartDuring(PublishLoop loop) throws Exception {
		try (loop) {
			loop.start().awaitAcked(ACKED_BEFORE_CRASH, Duration.ofSeconds(120));
			this.server.kill();
			Thread.sleep(OUTAGE.toMillis());
			int ackedDuringOutage = loop.ids(PublishLoop.Outcome.ACKED).size();
			this.server.restart();
			long accepting = System.nanoTime();
			Duration resumedAfter = loop.awaitAckAfter(accepting, Duration.ofSeconds(30));
			loop.awaitAcked(ackedDuringOutage + ACKED_AFTER_RESTART, Duration.ofSeconds(120));
			loop.stop(Duration.ofSeconds(30));
			assertThat(resumedAfter).as("publishing resumed after the restarted server accepted connections")
				.isLessThan(Duration.ofSeconds(1));
		}
		Set<String> acked = loop.ids(PublishLoop.Outcome.ACKED);
		StoredMessages stored = StoredMessages.read(this.server.url(), "ORDERS");
		Set<String> lost = new HashSet<>(acked);
		lost.removeAll(stored.ids());
		Set<String> storedButNotAcked = new HashSet<>(stored.ids());
		storedButNotAcked.removeAll(acked);
		assertThat(loop.failures()).as("publishes reported failed or with an unknown outcome").isEmpty();
		assertThat(acked).hasSizeGreaterThanOrEqualTo(ACKED_BEFORE_CRASH + ACKED_AFTER_RESTART);
		assertThat(lost).as("acknowledged but not stored").isEmpty();
		assertThat(stored.duplicates()).as("stored twice").isZero();
		assertThat(storedButNotAcked).as("stored but not acknowledged").isEmpty();
		assertThat(stored.count()).isEqualTo(acked.size());
	}

	private static void assertConnectionRecovered(RegisteredNatsConnection connection) {
		assertThat(connection.connection().getStatus()).isEqualTo(Connection.Status.CONNECTED);
		assertThat(connection.connection().getStatistics().getReconnects()).isEqualTo(1);
		assertThat(connection.events().disconnects()).isEqualTo(1);
		assertThat(connection.publishesInFlight()).isZero();
	}

	static PublishLoop.Outcome javaOutcome(Exception failure) {
		if (failure instanceof NatsStoppingException) {
			return PublishLoop.Outcome.STOPPING;
		}
		return (failure instanceof NatsPublishOutcomeUnknownException) ? PublishLoop.Outcome.UNKNOWN
				: PublishLoop.Outcome.FAILED;
	}

	static PublishLoop.Outcome luaOutcome(Exception failure) {
		String message = String.valueOf(failure.getMessage());
		if (message.contains(NatsStoppingException.MESSAGE)) {
			return PublishLoop.Outcome.STOPPING;
		}
		return message.contains("outcome unknown") ? PublishLoop.Outcome.UNKNOWN : PublishLoop.Outcome.FAILED;
	}

}
