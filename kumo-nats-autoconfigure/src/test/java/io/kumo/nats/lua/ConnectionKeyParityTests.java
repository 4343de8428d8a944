package io.kumo.nats.lua;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.kumo.nats.autoconfigure.NatsProperties;
import io.kumo.nats.settings.NatsAuth;
import io.kumo.nats.settings.NatsConnectionSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One source of truth for a connection's keys: the YAML properties
 * ({@code kumo.nats.connections.<name>.*}), the Lua CONFIG table of {@code kumo.nats.connect} and
 * the components of {@link NatsConnectionSettings}, which both feed, hold the same keys but for the
 * deliberate differences listed here. A key added to one place only fails this test.
 */
class ConnectionKeyParityTests {

	/**
	 * Keys only YAML has: which connection the unqualified beans are, and the group of JetStream
	 * streams, consumers and key-value buckets the connection declares at startup, which describes
	 * server state rather than how to connect, so the CONFIG table of kumo.nats.connect has no such
	 * key.
	 */
	private static final Set<String> ONLY_YAML = Set.of("primary", "jetstream");

	/**
	 * Keys that YAML and the settings have and Lua does not: Spring's SSL bundles, and the login
	 * kinds that KumoMTA's CONFIG table does not spell.
	 */
	private static final Set<String> NOT_IN_LUA = Set.of("ssl.bundle", "auth.nkey", "auth.credentials");

	/**
	 * Keys only Lua has: KumoMTA's other spellings, which the reader folds into settings keys.
	 */
	private static final Set<String> ONLY_LUA = Set.of("client_capacity", "auth.password_file", "auth.token_file",
			"auth.key_data");

	/**
	 * Settings components named differently from the key that sets them.
	 */
	private static final Map<String, String> SETTINGS_KEYS = Map.of("ssl_bundle", "ssl.bundle", "auth.seed",
			"auth.nkey");

	@Test
	void yamlHasTheSettingsKeysAndOnlyTheListedOthers() {
		Set<String> yaml = yamlKeys();
		assertThat(yaml).containsAll(ONLY_YAML);
		assertThat(minus(yaml, ONLY_YAML)).containsExactlyInAnyOrderElementsOf(settingsKeys());
	}

	@Test
	void luaHasTheSettingsKeysButTheListedOnesAndOnlyTheListedOthers() throws ReflectiveOperationException {
		Set<String> expected = new TreeSet<>(minus(settingsKeys(), NOT_IN_LUA));
		expected.addAll(ONLY_LUA);
		assertThat(settingsKeys()).containsAll(NOT_IN_LUA);
		assertSameKeys(LuaConnectConfig.KEYS, topLevel(expected), "CONFIG");
		assertSameKeys(authKeys(), nested(expected, "auth."), "CONFIG.auth");
	}

	private static void assertSameKeys(LuaKeys lua, Set<String> expected, String table) {
		assertThat(expected).as("keys of %s missing from LuaConnectConfig", table).allMatch(lua::contains);
		assertThat(lua.size()).as("number of keys of %s in LuaConnectConfig, expected %s", table, expected)
			.isEqualTo(expected.size());
	}

	private static LuaKeys authKeys() throws ReflectiveOperationException {
		Field field = LuaConnectConfig.class.getDeclaredField("AUTH_KEYS");
		field.setAccessible(true);
		return (LuaKeys) field.get(null);
	}

	private static Set<String> settingsKeys() {
		Set<String> keys = new TreeSet<>();
		for (RecordComponent component : NatsConnectionSettings.class.getRecordComponents()) {
			if (component.getType() == NatsAuth.class) {
				for (Class<?> kind : NatsAuth.class.getPermittedSubclasses()) {
					Arrays.stream(kind.getRecordComponents())
						.forEach((login) -> keys.add(settingsKey("auth." + snake(login.getName()))));
				}
			}
			else {
				keys.add(settingsKey(snake(component.getName())));
			}
		}
		return keys;
	}

	private static String settingsKey(String component) {
		return SETTINGS_KEYS.getOrDefault(component, component);
	}

	private static Set<String> yamlKeys() {
		Set<String> keys = new TreeSet<>();
		addFields(NatsProperties.Connection.class, "", keys);
		return keys;
	}

	private static void addFields(Class<?> type, String prefix, Set<String> keys) {
		for (Field field : type.getDeclaredFields()) {
			if (Modifier.isStatic(field.getModifiers())) {
				continue;
			}
			String key = prefix + snake(field.getName());
			if (field.getType().getDeclaringClass() == NatsProperties.class) {
				addFields(field.getType(), key + ".", keys);
			}
			else {
				keys.add(key);
			}
		}
	}

	private static Set<String> topLevel(Set<String> keys) {
		return keys.stream()
			.map((key) -> key.contains(".") ? key.substring(0, key.indexOf('.')) : key)
			.collect(Collectors.toCollection(TreeSet::new));
	}

	private static Set<String> nested(Set<String> keys, String prefix) {
		return keys.stream()
			.filter((key) -> key.startsWith(prefix))
			.map((key) -> key.substring(prefix.length()))
			.collect(Collectors.toCollection(TreeSet::new));
	}

	private static Set<String> minus(Set<String> keys, Set<String> removed) {
		return keys.stream().filter((key) -> !removed.contains(key)).collect(Collectors.toCollection(TreeSet::new));
	}

	private static String snake(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
	}

}
