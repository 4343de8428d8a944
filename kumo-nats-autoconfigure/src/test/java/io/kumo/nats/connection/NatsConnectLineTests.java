package io.kumo.nats.connection;

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

import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What goes into the CONNECT line cannot break out of it, and credentials with quotes,
 * backslashes, spaces and accents log in.
 */
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
