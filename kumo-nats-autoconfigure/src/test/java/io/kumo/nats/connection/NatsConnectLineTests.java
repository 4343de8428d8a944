package io.kumo.nats.connection;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.kumo.nats.settings.InvalidNatsSettingException;
import io.kumo.nats.settings.NatsAuth;
import io.kumo.nats.settings.NatsConnectionSettings;
import io.kumo.nats.test.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What goes into the CONNECT line cannot break out of it, credentials with quotes, backslashes,
 * spaces and accents log in, and a refused login fails about one round trip after the attempt
 * starts rather than after the connection timeout. The timed attempts follow a successful login,
 * so that they measure the refusal rather than the loading of jnats's classes. No failure names
 * {@code null} in place of its cause.
 */
@ExtendWith(OutputCaptureExtension.class)
class NatsConnectLineTests {

	private static final String INJECTION = "n\"}\r\nPUB fz.evil 3\r\nabc\r\n";

	private static final String ODD_USER = "ops \"team\" \\ é";

	private static final String ODD_PASSWORD = "p\"a\\ss wörd é";

	private static final String ODD_TOKEN = "t\"o\\k en é/";

	private final NatsConnectionRegistry registry = new NatsConnectionRegistry();

	@AfterEach
	void closeConnections() {
		this.registry.close();
	}

	@Test
	void passwordWithQuoteBackslashSpaceAndAccentLogsInAndPublishes() throws Exception {
		try (NatsServer server = NatsServer.builder().user(ODD_USER, ODD_PASSWORD).start()) {
			Connection connection = connect(settings(server).auth(NatsAuth.of(ODD_USER, ODD_PASSWORD, null)))
				.connection();
			assertRoundTrip(connection);
		}
	}

	@Test
	void tokenWithQuoteBackslashSpaceAndAccentLogsInAndPublishes() throws Exception {
		try (NatsServer server = NatsServer.builder().token(ODD_TOKEN).start()) {
			Connection connection = connect(settings(server).auth(NatsAuth.of(null, null, ODD_TOKEN))).connection();
			assertRoundTrip(connection);
		}
	}

	@Test
	void injectedTokenIsOnlyAWrongTokenAndDeliversNothing() throws Exception {
		try (NatsServer server = NatsServer.builder().token("Right-T0ken").start();
				Connection watcher = Nats.connect(server.url().replace("://", "://Right-T0ken@"))) {
			Subscription evil = watcher.subscribe("fz.evil");
			watcher.flush(Duration.ofSeconds(5));
			assertThatExceptionOfType(NatsConnectException.class)
				.isThrownBy(() -> connect(settings(server).auth(NatsAuth.of(null, null, INJECTION))))
				.withMessageContaining("Authorization Violation");
			assertOnlyMarkerArrives(watcher, evil);
		}
	}

	@Test
	void injectedNameIsRefusedBeforeAnythingIsSent() throws Exception {
		try (NatsServer server = NatsServer.builder().start(); Connection watcher = Nats.connect(server.url())) {
			Subscription evil = watcher.subscribe("fz.evil");
			watcher.flush(Duration.ofSeconds(5));
			assertThatExceptionOfType(InvalidNatsSettingException.class)
				.isThrownBy(() -> connect(settings(server).name(INJECTION)))
				.satisfies((ex) -> assertThat(ex.getKey()).isEqualTo("name"));
			assertOnlyMarkerArrives(watcher, evil);
		}
	}

	@Test
	void wrongPasswordFailsWithinASecondDespiteAFiveSecondTimeout(CapturedOutput output) throws Exception {
		try (NatsServer server = NatsServer.builder().user("app", "Right-Pa55").start()) {
			assertThat(connect(settings(server).auth(NatsAuth.of("app", "Right-Pa55", null))).connection().getStatus())
				.isEqualTo(Connection.Status.CONNECTED);
			NatsConnectionSettings.Builder wrong = settings(server).connectionTimeout(Duration.ofSeconds(5))
				.auth(NatsAuth.of("app", "Wrong-Pa55", null));
			long start = System.nanoTime();
			assertThatExceptionOfType(NatsConnectException.class).isThrownBy(() -> connect(wrong))
				.withMessageContaining("the server refused the login: Authorization Violation")
				.withMessageNotContaining("last error")
				.withMessageNotContaining("Pa55")
				.withMessageNotContaining("null");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
			assertThat(this.registry.connections()).hasSize(1);
			assertThat(output.toString()).doesNotContain("Wrong-Pa55").doesNotContain(": null");
		}
	}

	@Test
	void wrongTokenFailsWithinASecondDespiteAFiveSecondTimeout() throws Exception {
		try (NatsServer server = NatsServer.builder().token("Right-T0ken").start()) {
			assertThat(connect(settings(server).auth(NatsAuth.of(null, null, "Right-T0ken"))).connection().getStatus())
				.isEqualTo(Connection.Status.CONNECTED);
			NatsConnectionSettings.Builder wrong = settings(server).connectionTimeout(Duration.ofSeconds(5))
				.auth(NatsAuth.of(null, null, "Wrong-T0ken"));
			long start = System.nanoTime();
			assertThatExceptionOfType(NatsConnectException.class).isThrownBy(() -> connect(wrong))
				.withMessageContaining("Authorization Violation")
				.withMessageNotContaining("T0ken")
				.withMessageNotContaining("null");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
		}
	}

	@Test
	void aConnectThatTimesOutNamesNoNullCause(CapturedOutput output) throws Exception {
		try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			assertThatExceptionOfType(NatsConnectException.class)
				.isThrownBy(() -> connect(NatsConnectionSettings.builder()
					.servers(List.of("127.0.0.1:" + silent.getLocalPort()))
					.connectionTimeout(Duration.ofMillis(300))))
				.withMessageNotContaining("null");
			assertThat(output.toString()).doesNotContain(": null").doesNotContain("null)");
		}
	}

	private static void assertRoundTrip(Connection connection) throws Exception {
		Subscription subscription = connection.subscribe("odd.credentials");
		connection.flush(Duration.ofSeconds(5));
		connection.publish("odd.credentials", "hello".getBytes(StandardCharsets.UTF_8));
		Message message = subscription.nextMessage(Duration.ofSeconds(5));
		assertThat(message).isNotNull();
		assertThat(new String(message.getData(), StandardCharsets.UTF_8)).isEqualTo("hello");
	}

	private static void assertOnlyMarkerArrives(Connection watcher, Subscription evil) throws Exception {
		watcher.publish("fz.evil", "marker".getBytes(StandardCharsets.UTF_8));
		Message first = evil.nextMessage(Duration.ofSeconds(5));
		assertThat(first).isNotNull();
		assertThat(new String(first.getData(), StandardCharsets.UTF_8)).isEqualTo("marker");
	}

	private RegisteredNatsConnection connect(NatsConnectionSettings.Builder settings) {
		NatsConnectionFactory factory = new NatsConnectionFactory(this.registry, new DefaultResourceLoader(), null,
				List.of());
		return factory.connect("test", NatsConnectionOrigin.CONFIGURATION, settings.build());
	}

	private static NatsConnectionSettings.Builder settings(NatsServer server) {
		return NatsConnectionSettings.builder().servers(List.of(server.address()));
	}

}
