package io.kumo.nats.lua;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.kumo.nats.settings.NatsAuth;
import io.kumo.nats.settings.NatsConnectionSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LuaConnectConfigTests {

	private static final String PASSWORD = "Pa55-secret-word";

	private static final String TOKEN = "T0ken-secret-value";

	private final LuaScriptsFixture fixture = new LuaScriptsFixture();

	@AfterEach
	void close() {
		this.fixture.close();
	}

	private static NatsConnectionSettings read(String table) {
		return new LuaConnectConfig(null).read(LuaDurationsTests.lua(table));
	}

	@Test
	void readsEveryKey() {
		NatsConnectionSettings settings = read("""
				{ servers = { '127.0.0.1:4333', 'tls://nats.example.com:4443' }, auth = { username = 'u', password = 'p' },
				  name = 'kumo', no_echo = true, max_reconnects = 3.0, connection_timeout = '1 minute', tls_required = true,
				  tls_first = true, certificate = 'ca.pem', client_cert = 'client.pem', client_key = 'client.key',
				  ping_interval = { secs = 20, nanos = 500 }, sender_capacity = 64, inbox_prefix = '_KUMO',
				  request_timeout = 2.5, retry_on_initial_connect = true, ignore_discovered_servers = true,
				  retain_servers_order = true, resend_on_reconnect = false }
				""");
		assertThat(settings).isEqualTo(NatsConnectionSettings.builder()
			.servers(List.of("nats://127.0.0.1:4333", "tls://nats.example.com:4443"))
			.auth(NatsAuth.of("u", "p", null))
			.name("kumo")
			.noEcho(true)
			.maxReconnects(3)
			.connectionTimeout(Duration.ofMinutes(1))
			.tlsRequired(true)
			.tlsFirst(true)
			.certificate("ca.pem")
			.clientCert("client.pem")
			.clientKey("client.key")
			.pingInterval(Duration.ofSeconds(20, 500))
			.senderCapacity(64)
			.inboxPrefix("_KUMO")
			.requestTimeout(Duration.ofMillis(2500))
			.retryOnInitialConnect(true)
			.ignoreDiscoveredServers(true)
			.retainServersOrder(true)
			.resendOnReconnect(false)
			.build());
	}

	@Test
	void appliesTheSpecificationDefaults() {
		NatsConnectionSettings settings = read("{ servers = { '127.0.0.1' } }");
		assertThat(settings.maxReconnects()).isZero();
		assertThat(settings.connectionTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(settings.senderCapacity()).isEqualTo(128);
		assertThat(settings.inboxPrefix()).isEqualTo("_INBOX");
		assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(settings.pingInterval()).isEqualTo(Duration.ofSeconds(60));
		assertThat(settings.auth()).isNull();
		assertThat(settings.resendOnReconnect()).isTrue();
	}

	@Test
	void clientCapacityIsSenderCapacity() {
		assertThat(read("{ servers = { '127.0.0.1' }, client_capacity = 512 }").senderCapacity()).isEqualTo(512);
		assertThat(read("{ servers = { '127.0.0.1' }, sender_capacity = 512 }").senderCapacity()).isEqualTo(512);
	}

	@Test
	void readsEveryAuthForm() {
		assertThat(read("{ servers = { 'h' }, auth = 'plain-token' }").auth()).isEqualTo(new NatsAuth.Token("plain-token"));
		assertThat(read("{ servers = { 'h' }, auth = { token = 't' } }").auth()).isEqualTo(new NatsAuth.Token("t"));
		assertThat(read("{ servers = { 'h' }, auth = { key_data = 'k' } }").auth()).isEqualTo(new NatsAuth.Token("k"));
		assertThat(read("{ servers = { 'h' }, auth = { username = 'u', password = 'p' } }").auth())
			.isEqualTo(new NatsAuth.UserPassword("u", "p"));
	}

	@Test
	void readsKumoKeySourcesWithKeyData() {
		assertThat(read("{ servers = { 'h' }, auth = { username = { key_data = 'u' }, password = { key_data = 'p' } } }")
			.auth()).isEqualTo(new NatsAuth.UserPassword("u", "p"));
		assertThat(read("{ servers = { 'h' }, auth = { username = 'u', password = { key_data = 'p' } } }").auth())
			.isEqualTo(new NatsAuth.UserPassword("u", "p"));
		assertThat(read("{ servers = { 'h' }, auth = { token = { key_data = 't' } } }").auth())
			.isEqualTo(new NatsAuth.Token("t"));
	}

	@Test
	void readsSecretsFromFilesInTheSecretsDirectory(@TempDir Path directory) throws Exception {
		Files.writeString(directory.resolve("token"), TOKEN + "\n");
		Files.writeString(directory.resolve("password"), PASSWORD);
		LuaConnectConfig config = new LuaConnectConfig(directory);
		assertThat(config.read(LuaDurationsTests.lua("{ servers = { 'h' }, auth = { token_file = 'token' } }")).auth())
			.isEqualTo(new NatsAuth.Token(TOKEN));
		assertThat(config.read(LuaDurationsTests.lua("{ servers = { 'h' }, auth = { username = 'u', password_file = '"
				+ directory.resolve("password") + "' } }")).auth())
			.isEqualTo(new NatsAuth.UserPassword("u", PASSWORD));
		assertThatExceptionOfType(org.luaj.vm2.LuaError.class)
			.isThrownBy(() -> config.read(LuaDurationsTests.lua("{ servers = { 'h' }, auth = { token_file = '/etc/hostname' } }")))
			.withMessageContaining("auth.token_file: file '/etc/hostname' is outside kumo.nats.lua.secrets-directory");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			not a table               | 'servers'                                           | kumo.nats.connect: expected a CONFIG table such as { servers = { '127.0.0.1:4222' } }, got string
			unknown key               | { servers = { 'h' }, colour = 'red' }               | kumo.nats.connect: unknown key 'colour'; valid keys are: auth, certificate, client_capacity, client_cert, client_key, connection_timeout
			positional entry          | { 'h' }                                             | kumo.nats.connect: unknown key [1] (number key); valid keys are: auth
			wrong type boolean        | { servers = { 'h' }, no_echo = 'yes' }              | kumo.nats.connect: no_echo: expected a boolean (true or false), got string
			wrong type string         | { servers = { 'h' }, name = 42 }                    | kumo.nats.connect: name: expected a string, got number
			wrong type count          | { servers = { 'h' }, max_reconnects = '3' }         | kumo.nats.connect: max_reconnects: expected a whole number, got string
			fractional count          | { servers = { 'h' }, max_reconnects = 3.5 }         | kumo.nats.connect: max_reconnects: expected a whole number such as 3
			negative reconnects       | { servers = { 'h' }, max_reconnects = -1 }          | kumo.nats.connect: max_reconnects: must be 0 (no limit) or a positive whole number
			servers not a list        | { servers = '127.0.0.1:4222' }                      | kumo.nats.connect: servers: expected a list of addresses such as { '127.0.0.1:4222' }, got string
			servers with names        | { servers = { primary = 'h' } }                     | kumo.nats.connect: servers: expected a list of addresses such as { '127.0.0.1:4222' }, got a table with named keys
			server not a string       | { servers = { 'h', 4222 } }                         | kumo.nats.connect: servers[2]: expected an address string such as '127.0.0.1:4222', got number
			missing servers           | { name = 'x' }                                      | kumo.nats.connect: servers: must list at least one server address
			empty servers             | { servers = {} }                                    | kumo.nats.connect: servers: must list at least one server address
			malformed address         | { servers = { 'h', 'http://h:4222' } }              | kumo.nats.connect: servers[2]: 'http://h:4222' is not a NATS server address
			port out of range         | { servers = { 'h:99999' } }                         | kumo.nats.connect: servers[1]: 'h:99999' is not a NATS server address
			zero sender capacity      | { servers = { 'h' }, sender_capacity = 0 }          | kumo.nats.connect: sender_capacity: must be a whole number greater than 0
			negative sender capacity  | { servers = { 'h' }, sender_capacity = -5 }         | kumo.nats.connect: sender_capacity: must be a whole number greater than 0
			zero client capacity      | { servers = { 'h' }, client_capacity = 0 }          | kumo.nats.connect: client_capacity: must be a whole number greater than 0
			both capacities           | { servers = { 'h' }, sender_capacity = 1, client_capacity = 1 } | kumo.nats.connect: client_capacity: is another name for sender_capacity; give only one of them
			zero duration             | { servers = { 'h' }, connection_timeout = 0 }       | kumo.nats.connect: connection_timeout: must be a duration greater than zero, such as '5s', '500ms' or 2.5 (seconds)
			negative duration         | { servers = { 'h' }, request_timeout = '-5s' }      | kumo.nats.connect: request_timeout: must be a duration greater than zero
			zero secs and nanos       | { servers = { 'h' }, ping_interval = { secs = 0 } } | kumo.nats.connect: ping_interval: must be a duration greater than zero
			unparsable duration       | { servers = { 'h' }, ping_interval = 'soon' }       | kumo.nats.connect: ping_interval: 'soon' is not a duration; expected a duration such as '5s'
			username without password | { servers = { 'h' }, auth = { username = 'u' } }    | kumo.nats.connect: auth.password: must be set when auth.username is set
			password without username | { servers = { 'h' }, auth = { password = 'Pa55-secret-word' } } | kumo.nats.connect: auth.username: must be set when auth.password is set
			token and username        | { servers = { 'h' }, auth = { username = 'u', token = 'T0ken-secret-value' } } | kumo.nats.connect: auth: set one kind of authentication: username and password, token, nkey or credentials
			token and key_data        | { servers = { 'h' }, auth = { token = 'T0ken-secret-value', key_data = 'T0ken-secret-value' } } | kumo.nats.connect: auth.
			auth wrong type           | { servers = { 'h' }, auth = 42 }                    | kumo.nats.connect: auth: expected { username = '...', password = '...' }, { token = '...' } or the token as a string, got number
			auth unknown key          | { servers = { 'h' }, auth = { user = 'u', password = 'Pa55-secret-word' } } | kumo.nats.connect: unknown key 'auth.user'; valid keys of auth are: key_data, password, password_file, token, token_file, username
			auth empty                | { servers = { 'h' }, auth = {} }                    | kumo.nats.connect: auth: expected { username = '...', password = '...' } or { token = '...' }, got an empty table
			vault password            | { servers = { 'h' }, auth = { username = 'u', password = { vault_mount = 'secret', vault_path = 'Pa55-secret-word' } } } | kumo.nats.connect: auth.password: KumoMTA's HashiCorp Vault key source is not supported here; give the secret as a string or as { key_data = '...' }, or read it from a file with password_file
			vault token               | { servers = { 'h' }, auth = { token = { vault_path = 'T0ken-secret-value', vault_address = 'http://127.0.0.1:8200' } } } | kumo.nats.connect: auth.token: KumoMTA's HashiCorp Vault key source is not supported here; give the secret as a string or as { key_data = '...' }, or read it from a file with token_file
			vault username            | { servers = { 'h' }, auth = { username = { vault_mount = 'm', vault_path = 'p' }, password = 'Pa55-secret-word' } } | kumo.nats.connect: auth.username: KumoMTA's HashiCorp Vault key source is not supported here; give the secret as a string or as { key_data = '...' }
			event token               | { servers = { 'h' }, auth = { token = { event_name = 'get-token', event_args = { 'T0ken-secret-value' } } } } | kumo.nats.connect: auth.token: KumoMTA's event key source is not supported here; give the secret as a string or as { key_data = '...' }, or read it from a file with token_file (call the event's function yourself and pass its result as key_data)
			key source empty          | { servers = { 'h' }, auth = { username = 'u', password = {} } } | kumo.nats.connect: auth.password: expected the secret as a string or as { key_data = '...' }, got an empty table
			key source unknown key    | { servers = { 'h' }, auth = { username = 'u', password = { key_file = 'Pa55-secret-word' } } } | kumo.nats.connect: unknown key 'auth.password.key_file'; valid keys of auth.password are: key_data
			key_data wrong type       | { servers = { 'h' }, auth = { username = 'u', password = { key_data = 1234 } } } | kumo.nats.connect: auth.password.key_data: expected a string, got number
			key_data empty            | { servers = { 'h' }, auth = { username = 'u', password = { key_data = '' } } } | kumo.nats.connect: auth.password: must not be empty
			auth password wrong type  | { servers = { 'h' }, auth = { username = 'u', password = 1234 } } | kumo.nats.connect: auth.password: expected the secret as a string or as { key_data = '...' }, got number
			secret file switched off  | { servers = { 'h' }, auth = { token_file = 'token' } } | kumo.nats.connect: auth.token_file: reading secrets from files is off; set kumo.nats.lua.secrets-directory
			client_cert without key   | { servers = { 'h' }, client_cert = 'client.pem' }   | kumo.nats.connect: client_key: must be set when client_cert is set
			client_key without cert   | { servers = { 'h' }, client_key = 'client.key' }    | kumo.nats.connect: client_cert: must be set when client_key is set
			missing certificate file  | { servers = { 'h' }, certificate = '/nonexistent/kumo-ca.pem' } | kumo.nats.connect: certificate: file '/nonexistent/kumo-ca.pem' does not exist; expected the path or classpath: location of a PEM file
			missing client cert file  | { servers = { 'h' }, client_cert = '/nonexistent/client-cert.pem', client_key = '/nonexistent/client-key.pem' } | kumo.nats.connect: client_cert: file '/nonexistent/client-cert.pem' does not exist
			bad inbox prefix          | { servers = { 'h' }, inbox_prefix = 'my inbox' }    | kumo.nats.connect: inbox_prefix: must be a subject prefix without spaces or wildcards
			""")
	void badConfigRaisesCatchableLuaErrorNamingTheKey(String description, String config, String expected) {
		Object result = this.fixture.scripts.run("""
				local ok, err = pcall(kumo.nats.connect, %s)
				local after = string.format('%%s-%%d', 'still', 1 + 1)
				return { ok = ok, err = err, after = after }
				""".formatted(config));
		Map<?, ?> values = (Map<?, ?>) result;
		assertThat(values.get("ok")).isEqualTo(false);
		assertThat(values.get("after")).isEqualTo("still-2");
		assertThat((String) values.get("err")).contains(expected).doesNotContain(PASSWORD).doesNotContain(TOKEN);
		assertThat(this.fixture.registry.connections()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "'a\\r\\nPUB x 1'", "'a\\nb'", "'n\"}'", "'a\\\\b'", "'tab\\there'" })
	void nameThatCouldBreakTheConnectLineRaisesALuaError(String name) {
		Object error = this.fixture.scripts.run("""
				local ok, err = pcall(kumo.nats.connect, { servers = { '127.0.0.1:1' }, name = %s })
				return err
				""".formatted(name));
		assertThat(error).asString()
			.endsWith("kumo.nats.connect: name: must not contain control characters such as line breaks, '\"' or '\\'");
		assertThat(this.fixture.registry.connections()).isEmpty();
	}

}
