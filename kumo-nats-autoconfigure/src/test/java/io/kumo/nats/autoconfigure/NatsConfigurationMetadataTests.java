package io.kumo.nats.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.kumo.nats.lua.LuaSandbox;
import io.kumo.nats.lua.LuaStateLimits;
import io.kumo.nats.settings.NatsConnectionSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated configuration metadata describes every key of the {@code kumo.nats.connect}
 * CONFIG table, with the specification's defaults, so IDEs can complete and explain them.
 */
class NatsConfigurationMetadataTests {

	private static final String CONNECTION_METADATA = "META-INF/spring/configuration-metadata/"
			+ "io.kumo.nats.autoconfigure.NatsProperties$Connection.json";

	private static final String LUA_HANDLER_METADATA = "META-INF/spring/configuration-metadata/"
			+ "io.kumo.nats.autoconfigure.NatsProperties$Lua$Handler.json";

	private static final String DECLARATION_METADATA = "META-INF/spring/configuration-metadata/"
			+ "io.kumo.nats.autoconfigure.NatsJetStreamProperties$%s.json";

	@Test
	void connectionsAreAMapOfDocumentedConnections() throws IOException {
		Map<String, Object> connections = property(read("META-INF/spring-configuration-metadata.json"),
				"kumo.nats.connections");
		assertThat(connections.get("type"))
			.isEqualTo("java.util.Map<java.lang.String,io.kumo.nats.autoconfigure.NatsProperties$Connection>");
		assertThat((String) connections.get("description")).isNotBlank();
	}

	@Test
	void healthSwitchIsDescribed() throws IOException {
		Map<String, Object> enabled = property(read("META-INF/spring-configuration-metadata.json"),
				"management.health.nats.enabled");
		assertThat((String) enabled.get("description")).isNotBlank();
		assertThat(enabled.get("defaultValue")).isEqualTo(true);
	}

	@Test
	void droppingStatusIsDescribedWithItsDefaultAndValues() throws IOException {
		String metadata = read("META-INF/spring-configuration-metadata.json");
		Map<String, Object> dropping = property(metadata, "management.health.nats.dropping-status");
		assertThat((String) dropping.get("description")).contains("dropped messages");
		assertThat(dropping.get("defaultValue")).isEqualTo("OUT_OF_SERVICE");
		List<String> values = JsonPath.read(metadata,
				"$.hints[?(@.name == 'management.health.nats.dropping-status')].values[*].value");
		assertThat(values).contains("OUT_OF_SERVICE", "DOWN", "UP");
	}

	@Test
	void shutdownTimeoutIsDescribed() throws IOException {
		Map<String, Object> timeout = property(read("META-INF/spring-configuration-metadata.json"),
				"kumo.nats.shutdown-timeout");
		assertThat((String) timeout.get("description")).isNotBlank();
		assertThat(DurationStyle.detectAndParse(String.valueOf(timeout.get("defaultValue"))))
			.isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void listenerPropertiesAreDescribedWithTheirDefaults() throws IOException {
		String metadata = read("META-INF/spring-configuration-metadata.json");
		Map<String, Object> timeout = property(metadata, "kumo.nats.listener.shutdown-timeout");
		assertThat((String) timeout.get("description")).contains("messages already delivered");
		assertThat(DurationStyle.detectAndParse(String.valueOf(timeout.get("defaultValue"))))
			.isEqualTo(Duration.ofSeconds(10));
		Map<String, Object> observation = property(metadata, "kumo.nats.listener.observation-enabled");
		assertThat((String) observation.get("description")).startsWith("Whether");
		assertThat(observation.get("defaultValue")).isEqualTo(false);
	}

	@Test
	void consumerHealthAndRefreshPropertiesAreDescribedWithTheirDefaults() throws IOException {
		String metadata = read("META-INF/spring-configuration-metadata.json");
		Map<String, Object> refresh = property(metadata, "kumo.nats.listener.consumer-info-refresh");
		assertThat((String) refresh.get("description")).contains("consumer info");
		assertThat(DurationStyle.detectAndParse(String.valueOf(refresh.get("defaultValue"))))
			.isEqualTo(Duration.ofSeconds(5));
		Map<String, Object> stalledAfter = property(metadata, "management.health.nats.consumers.stalled-after");
		assertThat(DurationStyle.detectAndParse(String.valueOf(stalledAfter.get("defaultValue"))))
			.isEqualTo(Duration.ofMinutes(1));
		assertThat(property(metadata, "management.health.nats.consumers.stalled-status").get("defaultValue"))
			.isEqualTo("OUT_OF_SERVICE");
	}

	@Test
	void autoConfigurationConditionsAreGeneratedForEarlyFiltering() throws IOException {
		assertThat(read("META-INF/spring-autoconfigure-metadata.properties")).contains(
				"io.kumo.nats.autoconfigure.NatsAutoConfiguration.ConditionalOnClass=io.nats.client.Connection");
	}

	@Test
	void templateObservationSwitchIsDescribed() throws IOException {
		Map<String, Object> enabled = property(read("META-INF/spring-configuration-metadata.json"),
				"kumo.nats.template.observation-enabled");
		assertThat((String) enabled.get("description")).contains("nats.send");
		assertThat(enabled.get("defaultValue")).isEqualTo(false);
	}

	@Test
	void luaSwitchIsDescribed() throws IOException {
		Map<String, Object> enabled = property(read("META-INF/spring-configuration-metadata.json"),
				"kumo.nats.lua.enabled");
		assertThat((String) enabled.get("description")).isNotBlank();
		assertThat(enabled.get("defaultValue")).isEqualTo(true);
	}

	@ParameterizedTest
	@ValueSource(strings = { "servers", "auth.username", "auth.password", "auth.token", "name", "no_echo",
			"max_reconnects", "connection_timeout", "tls_required", "tls_first", "certificate", "client_cert",
			"client_key", "ping_interval", "sender_capacity", "inbox_prefix", "request_timeout",
			"retry_on_initial_connect", "ignore_discovered_servers", "retain_servers_order" })
	void everyConfigKeyOfTheSpecificationIsDescribed(String configKey) throws IOException {
		Map<String, Object> property = property(read(CONNECTION_METADATA), configKey.replace('_', '-'));
		assertThat((String) property.get("description")).isNotBlank();
	}

	@ParameterizedTest
	@CsvSource(textBlock = """
			max-reconnects,     0
			no-echo,            false
			tls-required,       false
			tls-first,          false
			retry-on-initial-connect, false
			resend-on-reconnect,      true
			""")
	void simpleDefaultsAreDocumented(String key, String defaultValue) throws IOException {
		assertThat(String.valueOf(property(read(CONNECTION_METADATA), key).get("defaultValue"))).isEqualTo(defaultValue);
	}

	@Test
	void documentedDefaultsAreTheSettingsDefaults() throws IOException {
		String metadata = read(CONNECTION_METADATA);
		NatsConnectionSettings defaults = NatsConnectionSettings.builder().servers(List.of("127.0.0.1:1")).build();
		assertThat(duration(metadata, "connection-timeout")).isEqualTo(defaults.connectionTimeout());
		assertThat(duration(metadata, "ping-interval")).isEqualTo(defaults.pingInterval());
		assertThat(duration(metadata, "request-timeout")).isEqualTo(defaults.requestTimeout());
		assertThat(property(metadata, "sender-capacity").get("defaultValue")).isEqualTo(defaults.senderCapacity());
		assertThat(property(metadata, "inbox-prefix").get("defaultValue")).isEqualTo(defaults.inboxPrefix());
	}

	@Test
	void luaMemoryLimitIsDescribedWithTheSandboxDefault() throws IOException {
		Map<String, Object> property = property(read("META-INF/spring-configuration-metadata.json"),
				"kumo.nats.lua.max-memory");
		assertThat((String) property.get("description")).isNotBlank();
		assertThat(DataSize.parse(String.valueOf(property.get("defaultValue"))).toBytes())
			.isEqualTo(LuaSandbox.DEFAULT_MAX_MEMORY);
	}

	@Test
		void luaStateAndIdleConnectionLimitsAreDescribedWithTheirDefaults() throws IOException {
		String metadata = read("META-INF/spring-configuration-metadata.json");
		LuaStateLimits defaults = LuaStateLimits.defaults();
		assertThat(property(metadata, "kumo.nats.lua.max-states").get("defaultValue")).isEqualTo(defaults.maxStates());
		assertThat(duration(metadata, "kumo.nats.lua.state-wait-timeout")).isEqualTo(defaults.waitTimeout());
		assertThat(duration(metadata, "kumo.nats.lua.state-idle-timeout")).isEqualTo(defaults.idleTimeout());
		assertThat(property(metadata, "kumo.nats.lua.idle-connections").get("defaultValue")).isEqualTo(64);
		for (String key : List.of("max-states", "state-wait-timeout", "state-idle-timeout", "idle-connections")) {
			assertThat((String) property(metadata, "kumo.nats.lua." + key).get("description")).isNotBlank();
		}
	}

	@Test
	void jetStreamDeclarationsAreDescribedMapsUnderEachConnection() throws IOException {
		String metadata = read(CONNECTION_METADATA);
		for (String group : List.of("streams", "consumers", "key-value")) {
			assertThat((String) property(metadata, "jetstream." + group).get("description")).isNotBlank();
		}
	}

	@ParameterizedTest
	@CsvSource(textBlock = """
			Stream,   'subjects storage retention discard max-age max-bytes max-msgs max-msg-size replicas'
			Stream,   'duplicate-window description'
			Consumer, 'stream filter-subjects ack-policy ack-wait max-deliver backoff max-ack-pending'
			Consumer, 'deliver-policy description'
			KeyValue, 'history ttl max-bytes max-value-size storage replicas description'
			""")
	void everyDeclarationKeyIsDescribed(String group, String keys) throws IOException {
		String metadata = read(DECLARATION_METADATA.formatted(group));
		for (String key : keys.split(" ")) {
			assertThat((String) property(metadata, key.strip()).get("description")).as(key).isNotBlank();
		}
		List<String> undescribed = JsonPath.read(metadata, "$.properties[?(!@.description)].name");
		assertThat(undescribed).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(textBlock = """
			Stream,   storage,       file
			Stream,   retention,     limits
			Stream,   discard,       old
			Stream,   replicas,      1
			Consumer, ack-policy,    explicit
			Consumer, deliver-policy, all
			Consumer, max-deliver,   -1
			KeyValue, history,       1
			KeyValue, storage,       file
			""")
	void declarationDefaultsAreDocumented(String group, String key, String defaultValue) throws IOException {
		assertThat(String.valueOf(property(read(DECLARATION_METADATA.formatted(group)), key).get("defaultValue")))
			.isEqualTo(defaultValue);
	}

	@Test
	void luaHandlerKeysAreDescribedWithTheirDefaults() throws IOException {
		assertThat((String) property(read("META-INF/spring-configuration-metadata.json"), "kumo.nats.lua.handlers")
			.get("description")).isNotBlank();
		String metadata = read(LUA_HANDLER_METADATA);
		List<String> undescribed = JsonPath.read(metadata, "$.properties[?(!@.description)].name");
		assertThat(undescribed).isEmpty();
		for (String key : List.of("script", "subject", "queue", "stream", "durable", "max-deliveries", "backoff",
				"dead-letter-subject", "connection")) {
			assertThat((String) property(metadata, key).get("description")).as(key).isNotBlank();
		}
		assertThat(property(metadata, "function").get("defaultValue")).isEqualTo("on_message");
		assertThat(property(metadata, "concurrency").get("defaultValue")).isEqualTo(1);
		assertThat(property(metadata, "auto-startup").get("defaultValue")).isEqualTo(true);
	}

	private static Duration duration(String metadata, String key) {
		return DurationStyle.detectAndParse(String.valueOf(property(metadata, key).get("defaultValue")));
	}

	private static Map<String, Object> property(String metadata, String name) {
		List<Map<String, Object>> matches = JsonPath.read(metadata, "$.properties[?(@.name == '" + name + "')]");
		assertThat(matches).as("metadata for '%s'", name).hasSize(1);
		return matches.get(0);
	}

	private static String read(String resource) throws IOException {
		try (InputStream in = NatsConfigurationMetadataTests.class.getClassLoader().getResourceAsStream(resource)) {
			assertThat(in).as(resource).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
