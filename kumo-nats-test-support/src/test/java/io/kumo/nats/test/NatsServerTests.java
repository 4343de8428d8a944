package io.kumo.nats.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener.Events;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import io.nats.client.api.AccountStatistics;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NatsServerTests {

	@Test
	void plainServerDeliversMessages() throws Exception {
		try (NatsServer server = NatsServer.builder().start();
				Connection connection = Nats.connect(Clients.options(server).build())) {
			assertThat(server.host()).isEqualTo("127.0.0.1");
			assertThat(server.port()).isNotEqualTo(4222);
			assertThat(server.address()).isEqualTo("127.0.0.1:" + server.port());
			assertThat(server.url()).isEqualTo("nats://127.0.0.1:" + server.port());
			assertThat(server.isRunning()).isTrue();
			Subscription subscription = connection.subscribe("greetings");
			connection.publish("greetings", "hello".getBytes(StandardCharsets.UTF_8));
			Message message = subscription.nextMessage(Duration.ofSeconds(5));
			assertThat(message).isNotNull();
			assertThat(new String(message.getData(), StandardCharsets.UTF_8)).isEqualTo("hello");
		}
	}

	@Test
	void jetStreamServerAnswersAccountStatistics() throws Exception {
		try (NatsServer server = NatsServer.builder().jetStream().start();
				Connection connection = Nats.connect(Clients.options(server).build())) {
			AccountStatistics statistics = connection.jetStreamManagement().getAccountStatistics();
			assertThat(statistics.getStreams()).isZero();
			assertThat(Files.readString(server.configFile())).contains(server.configFile().getParent().toString());
		}
	}

	@Test
	void userAndPasswordAreEnforced() throws Exception {
		try (NatsServer server = NatsServer.builder().user("kumo", "s3cret").start()) {
			try (Connection connection = Nats
				.connect(Clients.options(server).userInfo("kumo".toCharArray(), "s3cret".toCharArray()).build())) {
				assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
			}
			assertThatThrownBy(() -> Nats.connect(
					Clients.expectingFailure(server).userInfo("kumo".toCharArray(), "wrong".toCharArray()).build()))
				.isInstanceOf(AuthenticationException.class);
			assertThatThrownBy(() -> Nats.connect(Clients.expectingFailure(server).build()))
				.isInstanceOf(AuthenticationException.class);
		}
	}

	@Test
	void tokenIsEnforced() throws Exception {
		try (NatsServer server = NatsServer.builder().token("t0ken").start()) {
			try (Connection connection = Nats.connect(Clients.options(server).token("t0ken".toCharArray()).build())) {
				assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
			}
			assertThatThrownBy(
					() -> Nats.connect(Clients.expectingFailure(server).token("other".toCharArray()).build()))
				.isInstanceOf(AuthenticationException.class);
		}
	}

	@Test
	void monitoringShowsConnectionName() throws Exception {
		try (NatsServer server = NatsServer.builder().monitoring().start();
				Connection connection = Nats.connect(Clients.options(server).connectionName("kumo-monitored").build())) {
			assertThat(server.monitoringPort()).isNotEqualTo(server.port());
			assertThat(server.clientNames()).containsExactly("kumo-monitored");
			assertThat(server.monitor("/connz?auth=1")).contains("kumo-monitored");
			assertThat(server.monitor("varz")).contains("\"port\": " + server.port());
		}
	}

	@Test
	void monitoringPortIsUnavailableWhenNotEnabled() {
		try (NatsServer server = NatsServer.builder().start()) {
			assertThatThrownBy(server::monitoringPort).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("monitoring()");
		}
	}

	@Test
	void clientReconnectsAfterRestartOnSamePort() throws Exception {
		CountDownLatch disconnected = new CountDownLatch(1);
		CountDownLatch reconnected = new CountDownLatch(1);
		try (NatsServer server = NatsServer.builder().start();
				Connection connection = Nats.connect(Clients.options(server)
					.maxReconnects(-1)
					.reconnectWait(Duration.ofMillis(50))
					.connectionListener((conn, event) -> {
						if (event == Events.DISCONNECTED) {
							disconnected.countDown();
						}
						else if (event == Events.RECONNECTED) {
							reconnected.countDown();
						}
					})
					.build())) {
			int port = server.port();
			server.stop();
			assertThat(server.isRunning()).isFalse();
			assertThat(disconnected.await(15, TimeUnit.SECONDS)).isTrue();
			server.restart();
			assertThat(server.port()).isEqualTo(port);
			assertThat(reconnected.await(15, TimeUnit.SECONDS)).isTrue();
			Subscription subscription = connection.subscribe("after.restart");
			connection.publish("after.restart", new byte[] { 1 });
			assertThat(subscription.nextMessage(Duration.ofSeconds(5))).isNotNull();
		}
	}

	@Test
	void closeLeavesNoProcessAndNoDirectory() {
		NatsServer server = NatsServer.builder().jetStream().monitoring().start();
		long pid = server.pid();
		assertThat(ProcessHandle.of(pid)).hasValueSatisfying((handle) -> assertThat(handle.isAlive()).isTrue());
		server.close();
		assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
		assertThat(server.isRunning()).isFalse();
		assertThat(server.logFile().getParent()).doesNotExist();
		assertThatNoException().isThrownBy(server::close);
	}

	@Test
	void killedServerRestartsWithItsJetStreamStore() throws Exception {
		try (NatsServer server = NatsServer.builder().jetStream().start()) {
			try (Connection connection = Nats.connect(Clients.options(server).build())) {
				connection.jetStreamManagement()
					.addStream(StreamConfiguration.builder()
						.name("KEPT")
						.subjects("kept")
						.storageType(StorageType.File)
						.build());
				connection.jetStream().publish("kept", new byte[] { 1 });
			}
			long pid = server.pid();
			server.kill();
			assertThat(server.isRunning()).isFalse();
			assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
			int port = server.port();
			server.restart();
			assertThat(server.port()).isEqualTo(port);
			try (Connection connection = Nats.connect(Clients.options(server).build())) {
				assertThat(connection.jetStreamManagement().getStreamInfo("KEPT").getStreamState().getMsgCount())
					.isEqualTo(1);
			}
		}
	}

	@Test
	void badConfigurationFailsWithLogTail() {
		assertThatThrownBy(() -> NatsServer.builder().configLine("this is { not valid").start())
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("exited");
	}

	@Test
	void lameDuckNotifiesClientsAndRefusesNewOnes() throws Exception {
		CountDownLatch lameDuck = new CountDownLatch(1);
		try (NatsServer server = NatsServer.builder()
			.configLine("lame_duck_grace_period: 5s")
			.configLine("lame_duck_duration: 30s")
			.start();
				Connection connection = Nats.connect(Clients.options(server).connectionListener((conn, event) -> {
					if (event == Events.LAME_DUCK) {
						lameDuck.countDown();
					}
				}).build())) {
			server.lameDuck();
			assertThat(lameDuck.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(connection.getServerInfo().isLameDuckMode()).isTrue();
			assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
			assertThatThrownBy(() -> Nats.connect(Clients.expectingFailure(server).build()))
				.isInstanceOf(IOException.class);
		}
	}

	@Test
	void lameDuckNeedsARunningServer() {
		try (NatsServer server = NatsServer.builder().start()) {
			server.stop();
			assertThatThrownBy(server::lameDuck).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("not running");
		}
	}

	@Test
	void configLineIsApplied() throws Exception {
		try (NatsServer server = NatsServer.builder().monitoring().configLine("max_payload: 4096").start()) {
			assertThat(server.monitor("/varz")).contains("\"max_payload\": 4096");
		}
	}

}
