package io.kumo.nats.lua;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.kumo.nats.test.NatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * KumoMTA's documented {@code auth} examples, where each secret is a key source, connect and
 * publish against real servers; secrets with quotes, backslashes and accents log in; a refused
 * login fails at once; a name that would break the CONNECT line is refused.
 */
class LuaConnectAuthTests {

	private static final String USER = "kumo";

	private static final String PASSWORD = "s3cret-Passw0rd";

	private static final String TOKEN = "s3cret-T0ken";

	private final LuaScriptsFixture fixture = new LuaScriptsFixture();

	@AfterEach
	void close() {
		this.fixture.close();
	}

	@Test
	void kumoUsernameAndPasswordKeySourceExampleConnectsAndPublishes() throws Exception {
		try (NatsServer server = NatsServer.builder().jetStream().user(USER, PASSWORD).start()) {
			createStream(Options.builder().server(server.url()).userInfo(USER, PASSWORD));
			Object ack = this.fixture.scripts.run("""
					local nats = kumo.nats.connect {
					  servers = { '%s' },
					  -- optional arguments for authentication and connection behavior
					  name = 'nats-client',
					  auth = {
					    username = { key_data = '%s' },
					    password = { key_data = '%s' },
					  },
					}
					local ack = nats:publish { subject = 'mail.keysource', payload = 'hello' }
					nats:close()
					return ack
					""".formatted(server.address(), USER, PASSWORD));
			assertThat(map(ack)).containsEntry("stream", "MAIL").containsEntry("duplicate", false).containsKey("sequence");
		}
	}

	@Test
	void kumoTokenKeySourceExampleConnectsAndPublishes() throws Exception {
		try (NatsServer server = NatsServer.builder().jetStream().token(TOKEN).start()) {
			createStream(Options.builder().server(server.url()).token(TOKEN.toCharArray()));
			Object ack = this.fixture.scripts.run("""
					local nats = kumo.nats.connect {
					  servers = { '%s' },
					  -- optional arguments for authentication and connection behavior
					  name = 'nats-client',
					  auth = {
					    token = { key_data = '%s' },
					  },
					}
					local ack = nats:publish { subject = 'mail.keysource', payload = 'hello' }
					nats:close()
					return ack
					""".formatted(server.address(), TOKEN));
			assertThat(map(ack)).containsEntry("stream", "MAIL").containsEntry("duplicate", false).containsKey("sequence");
		}
	}

	@Test
	void passwordWithQuoteBackslashSpaceAndAccentLogsIn() throws Exception {
		String password = "p\"a\\ss wörd é";
		try (NatsServer server = NatsServer.builder().user(USER, password).start();
				Connection observer = Nats.connect(Options.builder().server(server.url()).userInfo(USER, password).build())) {
			Subscription subscription = observer.subscribe("odd.password");
			observer.flush(Duration.ofSeconds(5));
			this.fixture.scripts.run("""
					local nats = kumo.nats.connect {
					  servers = { '%s' },
					  auth = { username = '%s', password = { key_data = 'p"a\\\\ss wörd é' } },
					}
					nats:publish_core { subject = 'odd.password', payload = 'hello' }
					nats:close()
					""".formatted(server.address(), USER));
			Message message = subscription.nextMessage(Duration.ofSeconds(5));
			assertThat(message).isNotNull();
			assertThat(new String(message.getData(), StandardCharsets.UTF_8)).isEqualTo("hello");
		}
	}

	@Test
	void wrongPasswordFailsWithinASecondDespiteAFiveSecondTimeout() throws Exception {
		try (NatsServer server = NatsServer.builder().user(USER, PASSWORD).start()) {
			String connect = """
					local ok, err = pcall(kumo.nats.connect, {
					  servers = { '%s' },
					  connection_timeout = '5s',
					  auth = { username = '%s', password = { key_data = '%%s' } },
					})
					if ok then err:close() return 'connected' end
					return err
					""".formatted(server.address(), USER);
			assertThat(this.fixture.scripts.run(connect.formatted(PASSWORD))).isEqualTo("connected");
			long start = System.nanoTime();
			Object error = this.fixture.scripts.run(connect.formatted("Wrong-Passw0rd"));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
			assertThat(error).asString()
				.contains("the server refused the login: Authorization Violation")
				.doesNotContain("Passw0rd")
				.doesNotContain("null");
		}
	}

	@Test
	void nameThatWouldInjectAProtocolLineIsRefusedAndDeliversNothing() throws Exception {
		try (NatsServer server = NatsServer.builder().start(); Connection watcher = Nats.connect(server.url())) {
			Subscription evil = watcher.subscribe("fz.evil");
			watcher.flush(Duration.ofSeconds(5));
			Object error = this.fixture.scripts.run("""
					local ok, err = pcall(kumo.nats.connect, {
					  servers = { '%s' },
					  name = 'n"}\\r\\nPUB fz.evil 3\\r\\nabc\\r\\n',
					})
					return err
					""".formatted(server.address()));
			assertThat(error).asString()
				.endsWith("kumo.nats.connect: name: must not contain control characters such as line breaks, '\"' or '\\'");
			watcher.publish("fz.evil", "marker".getBytes(StandardCharsets.UTF_8));
			Message first = evil.nextMessage(Duration.ofSeconds(5));
			assertThat(first).isNotNull();
			assertThat(new String(first.getData(), StandardCharsets.UTF_8)).isEqualTo("marker");
			assertThat(this.fixture.registry.connections()).isEmpty();
		}
	}

	@Test
	void vaultKeySourceIsRefusedWithWhatToUseInstead() {
		assertThatExceptionOfType(NatsLuaScriptException.class).isThrownBy(() -> this.fixture.scripts.run("""
				kumo.nats.connect {
				  servers = { '127.0.0.1:1' },
				  auth = { username = 'u', password = { vault_mount = 'secret', vault_path = 'nats/%s' } },
				}
				""".formatted(PASSWORD)))
			.withMessageContaining("kumo.nats.connect: auth.password: KumoMTA's HashiCorp Vault key source is not supported here; "
					+ "give the secret as a string or as { key_data = '...' }, or read it from a file with password_file")
			.withMessageNotContaining(PASSWORD);
	}

	private static void createStream(Options.Builder options) throws Exception {
		try (Connection connection = Nats.connect(options.build())) {
			JetStreamManagement management = connection.jetStreamManagement();
			management.addStream(StreamConfiguration.builder()
				.name("MAIL")
				.subjects("mail.>")
				.storageType(StorageType.Memory)
				.build());
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

}
