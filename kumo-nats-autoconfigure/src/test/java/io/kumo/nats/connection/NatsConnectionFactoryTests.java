package io.kumo.nats.connection;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.kumo.nats.settings.NatsAuth;
import io.kumo.nats.settings.NatsConnectionSettings;
import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener.Events;
import io.nats.client.Message;
import io.nats.client.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Every CONFIG key of {@code kumo.nats.connect} changes what a real server sees or how the
 * connection behaves. TLS keys are covered by {@link NatsConnectionFactoryTlsTests}, cluster keys
 * by {@link NatsConnectionFactoryClusterTests}.
 */
class NatsConnectionFactoryTests {

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension(NatsServer.builder().monitoring());

	private final List<NatsOptionsCustomizer> customizers = new ArrayList<>();

	private final NatsConnectionRegistry registry = new NatsConnectionRegistry();

	@AfterEach
	void closeConnections() {
		this.registry.close();
	}

	@Test
	void nameIsSeenByTheServer() {
		connect(settings(nats.server()).name("orders-client"));
		assertThat(nats.server().clientNames()).contains("orders-client");
	}

	@Test
	void noEchoKeepsOwnMessagesFromOwnSubscriptions() throws Exception {
		assertThat(ownMessageComesBack(false)).isTrue();
		assertThat(ownMessageComesBack(true)).isFalse();
	}

	private boolean ownMessageComesBack(boolean noEcho) throws Exception {
		Connection connection = connect(settings(nats.server()).noEcho(noEcho)).connection();
		Connection other = connect(settings(nats.server())).connection();
		Subscription subscription = connection.subscribe("echo");
		connection.flush(Duration.ofSeconds(5));
		connection.publish("echo", "own".getBytes(StandardCharsets.UTF_8));
		connection.flush(Duration.ofSeconds(5));
		other.publish("echo", "other".getBytes(StandardCharsets.UTF_8));
		Message first = subscription.nextMessage(Duration.ofSeconds(5));
		return new String(first.getData(), StandardCharsets.UTF_8).equals("own");
	}

	@Test
	void maxReconnectsGivesUpAfterThatManyAttempts() throws Exception {
		try (NatsServer server = NatsServer.builder().start()) {
			this.customizers.add((name, builder) -> builder.reconnectWait(Duration.ofMillis(50)));
			CountDownLatch closed = new CountDownLatch(1);
			this.customizers.add((name, builder) -> builder.connectionListener((connection, event) -> {
				if (event == Events.CLOSED) {
					closed.countDown();
				}
			}));
			RegisteredNatsConnection registered = connect(settings(server).maxReconnects(3));
			server.stop();
			assertThat(closed.await(30, TimeUnit.SECONDS)).isTrue();
			assertThat(registered.connection().getStatus()).isEqualTo(Connection.Status.CLOSED);
		}
	}

	@Test
	void zeroMaxReconnectsKeepsTryingUntilTheServerReturns() throws Exception {
		try (NatsServer server = NatsServer.builder().start()) {
			this.customizers.add((name, builder) -> builder.reconnectWait(Duration.ofMillis(50)));
			RegisteredNatsConnection registered = connect(settings(server).maxReconnects(0));
			server.stop();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> registered.connection().getStatus() != Connection.Status.CONNECTED);
			await().during(Duration.ofMillis(500))
				.atMost(Duration.ofSeconds(5))
				.until(() -> registered.connection().getStatus() != Connection.Status.CLOSED);
			server.restart();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> registered.connection().getStatus() == Connection.Status.CONNECTED);
			assertThat(registered.connection().getStatistics().getReconnects()).isPositive();
		}
	}

	@Test
	void connectionTimeoutBoundsAConnectToASocketThatNeverAnswers() throws Exception {
		try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			long start = System.nanoTime();
			assertThatExceptionOfType(NatsConnectException.class).isThrownBy(() -> connect(
					settings("127.0.0.1:" + silent.getLocalPort()).connectionTimeout(Duration.ofMillis(300))));
			assertThat(Duration.ofNanos(System.nanoTime() - start))
				.isLessThan(NatsConnectionSettings.DEFAULT_CONNECTION_TIMEOUT);
		}
	}

	@Test
	void pingIntervalShowsInThePingCount() {
		RegisteredNatsConnection registered = connect(settings(nats.server()).pingInterval(Duration.ofMillis(100)));
		await().atMost(Duration.ofSeconds(10)).until(() -> registered.connection().getStatistics().getPings() >= 3);
	}

	@Test
	void pingIntervalDefaultsToSixtySeconds() {
		RegisteredNatsConnection registered = connect(settings(nats.server()));
		assertThat(registered.connection().getOptions().getPingInterval()).isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void senderCapacityBoundsTheOutgoingQueue() throws Exception {
		try (NatsServer server = NatsServer.builder().start()) {
			this.customizers.add((name, builder) -> builder.writeQueuePushTimeout(Duration.ofMillis(100)));
			RegisteredNatsConnection registered = connect(settings(server).senderCapacity(5));
			server.stop();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> registered.connection().getStatus() != Connection.Status.CONNECTED);
			Connection connection = registered.connection();
			for (int i = 0; i < 5; i++) {
				connection.publish("queued", new byte[] { (byte) i });
			}
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> connection.publish("queued", new byte[] { 5 }))
				.withMessageContaining("full");
		}
	}

	@Test
	void repliesArriveOnAnInboxUnderTheInboxPrefix() throws Exception {
		Connection requester = connect(settings(nats.server()).inboxPrefix("_REPLIES_HERE")).connection();
		Connection responder = connect(settings(nats.server())).connection();
		List<String> replyTo = new ArrayList<>();
		responder.createDispatcher((message) -> {
			replyTo.add(message.getReplyTo());
			responder.publish(message.getReplyTo(), message.getData());
		}).subscribe("service");
		responder.flush(Duration.ofSeconds(5));
		Message reply = requester.request("service", "ping".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
		assertThat(reply).isNotNull();
		assertThat(replyTo).singleElement().asString().startsWith("_REPLIES_HERE.");
	}

	@Test
	void requestTimeoutBoundsARequestNobodyAnswers() throws Exception {
		RegisteredNatsConnection registered = connect(settings(nats.server()).requestTimeout(Duration.ofMillis(300)));
		Connection silent = connect(settings(nats.server())).connection();
		silent.subscribe("silent");
		silent.flush(Duration.ofSeconds(5));
		long start = System.nanoTime();
		assertThatExceptionOfType(TimeoutException.class)
			.isThrownBy(() -> registered.request("silent", null, new byte[0], null))
			.withMessage("no reply to 'silent' within 300 ms");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(NatsConnectionSettings.DEFAULT_REQUEST_TIMEOUT);
	}

	@Test
	void requestWithoutRespondersFailsAtOnce() {
		RegisteredNatsConnection registered = connect(settings(nats.server()));
		assertThatExceptionOfType(NatsNoRespondersException.class)
			.isThrownBy(() -> registered.request("nobody.here", null, new byte[0], null))
			.withMessage("no responders for subject 'nobody.here'");
	}

	@Test
	void userAndPasswordLogIn() throws Exception {
		try (NatsServer server = NatsServer.builder().user("app", "Right-Pa55").start()) {
			RegisteredNatsConnection registered = connect(settings(server).auth(NatsAuth.of("app", "Right-Pa55", null)));
			assertThat(registered.connection().getStatus()).isEqualTo(Connection.Status.CONNECTED);
			assertThatExceptionOfType(NatsConnectException.class)
				.isThrownBy(() -> connect(settings(server).auth(NatsAuth.of("app", "Wrong-Pa55", null))))
				.withMessageContaining("Authorization Violation")
				.withMessageNotContaining("Wrong-Pa55")
				.withMessageNotContaining("Right-Pa55");
		}
	}

	@Test
	void tokenLogsIn() throws Exception {
		try (NatsServer server = NatsServer.builder().token("Right-T0ken").start()) {
			RegisteredNatsConnection registered = connect(settings(server).auth(NatsAuth.of(null, null, "Right-T0ken")));
			assertThat(registered.connection().getStatus()).isEqualTo(Connection.Status.CONNECTED);
			assertThatExceptionOfType(NatsConnectException.class)
				.isThrownBy(() -> connect(settings(server).auth(NatsAuth.of(null, null, "Wrong-T0ken"))))
				.withMessageContaining("Authorization Violation")
				.withMessageNotContaining("T0ken");
		}
	}

	@Test
	void credentialsInAServerUrlNeverShowInErrors() throws Exception {
		try (NatsServer server = NatsServer.builder().user("app", "Right-Pa55").start()) {
			assertThatExceptionOfType(NatsConnectException.class)
				.isThrownBy(() -> connect(settings("nats://app:Wrong-Pa55@" + server.address())))
				.withMessageNotContaining("Wrong-Pa55")
				.satisfies((ex) -> assertThat(ex.getServers()).containsExactly("nats://******@" + server.address()));
		}
	}

	@Test
	void retryOnInitialConnectStartsWhileTheServerIsDownAndConnectsWhenItComesUp() throws Exception {
		try (NatsServer server = NatsServer.builder().start()) {
			server.stop();
			this.customizers.add((name, builder) -> builder.reconnectWait(Duration.ofMillis(50)));
			RegisteredNatsConnection registered = connect(settings(server).retryOnInitialConnect(true));
			assertThat(registered.connection().getStatus()).isNotEqualTo(Connection.Status.CONNECTED);
			assertThat(this.registry.find(registered.name())).contains(registered);
			server.restart();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> registered.connection().getStatus() == Connection.Status.CONNECTED);
		}
	}

	@Test
	void withoutRetryOnInitialConnectAnUnreachableServerFailsAndNothingIsRegistered() throws Exception {
		try (NatsServer server = NatsServer.builder().start()) {
			server.stop();
			assertThatExceptionOfType(NatsConnectException.class).isThrownBy(() -> connect(settings(server)))
				.withMessageContaining("NATS connection 'test' could not connect to [nats://" + server.address() + "]");
			assertThat(this.registry.connections()).isEmpty();
		}
	}

	@Test
	void registryNamesAreMadeUnique() {
		RegisteredNatsConnection first = connect(settings(nats.server()));
		RegisteredNatsConnection second = connect(settings(nats.server()));
		assertThat(first.name()).isEqualTo("test");
		assertThat(second.name()).isEqualTo("test-2");
		second.close();
		assertThat(this.registry.connections()).containsExactly(first);
		assertThat(second.connection().getStatus()).isEqualTo(Connection.Status.CLOSED);
	}

	private RegisteredNatsConnection connect(NatsConnectionSettings.Builder settings) {
		NatsConnectionFactory factory = new NatsConnectionFactory(this.registry,
				new DefaultResourceLoader(), null, this.customizers);
		return factory.connect("test", NatsConnectionOrigin.CONFIGURATION, settings.build());
	}

	private static NatsConnectionSettings.Builder settings(NatsServer server) {
		return settings(server.address());
	}

	private static NatsConnectionSettings.Builder settings(String address) {
		return NatsConnectionSettings.builder().servers(List.of(address)).connectionTimeout(Duration.ofSeconds(2));
	}

}
