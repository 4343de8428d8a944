package io.kumo.nats.lua;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.kumo.nats.settings.NatsAuth;
import io.kumo.nats.settings.NatsConnectionSettings;
import org.jspecify.annotations.Nullable;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Reads the CONFIG table of {@code kumo.nats.connect} into the same {@link NatsConnectionSettings}
 * that YAML properties give, accepting the spellings KumoMTA scripts use.
 */
final class LuaConnectConfig {

	static final String FUNCTION = "kumo.nats.connect";

	static final LuaKeys KEYS = LuaKeys.of("servers", "auth", "name", "no_echo", "max_reconnects",
			"connection_timeout", "tls_required", "tls_first", "certificate", "client_cert", "client_key",
			"ping_interval", "sender_capacity", "client_capacity", "inbox_prefix", "request_timeout",
			"retry_on_initial_connect", "ignore_discovered_servers", "retain_servers_order", "resend_on_reconnect");

	private static final LuaKeys AUTH_KEYS = LuaKeys.of("username", "password", "password_file", "token", "key_data",
			"token_file");

	private static final String ADDRESS_EXAMPLE = "'127.0.0.1:4222'";

	private final @Nullable Path secretsDirectory;

	LuaConnectConfig(@Nullable Path secretsDirectory) {
		this.secretsDirectory = secretsDirectory;
	}

	/**
	 * Reads a CONFIG table.
	 * @param config the argument of {@code kumo.nats.connect}
	 * @return the settings
	 * @throws LuaError for a key this reader checks, such as a wrong type
	 * @throws io.kumo.nats.settings.InvalidNatsSettingException for a value the settings reject
	 */
	NatsConnectionSettings read(LuaValue config) {
		LuaTableReader reader = LuaTableReader.of(FUNCTION, "", config, "a CONFIG table such as { servers = { "
				+ ADDRESS_EXAMPLE + " } }", KEYS);
		return NatsConnectionSettings.builder()
			.servers(servers(reader))
			.auth(auth(reader))
			.name(reader.string("name"))
			.noEcho(reader.bool("no_echo", false))
			.maxReconnects(reader.wholeNumber("max_reconnects", 0))
			.connectionTimeout(reader.duration("connection_timeout", NatsConnectionSettings.DEFAULT_CONNECTION_TIMEOUT))
			.tlsRequired(reader.bool("tls_required", false))
			.tlsFirst(reader.bool("tls_first", false))
			.certificate(reader.string("certificate"))
			.clientCert(reader.string("client_cert"))
			.clientKey(reader.string("client_key"))
			.pingInterval(reader.duration("ping_interval", NatsConnectionSettings.DEFAULT_PING_INTERVAL))
			.senderCapacity(senderCapacity(reader))
			.inboxPrefix(inboxPrefix(reader))
			.requestTimeout(reader.duration("request_timeout", NatsConnectionSettings.DEFAULT_REQUEST_TIMEOUT))
			.retryOnInitialConnect(reader.bool("retry_on_initial_connect", false))
			.ignoreDiscoveredServers(reader.bool("ignore_discovered_servers", false))
			.retainServersOrder(reader.bool("retain_servers_order", false))
			.resendOnReconnect(reader.bool("resend_on_reconnect", true))
			.build();
	}

	private static List<String> servers(LuaTableReader reader) {
		LuaValue servers = reader.get("servers");
		if (servers.isnil()) {
			return List.of();
		}
		String expected = "expected a list of addresses such as { " + ADDRESS_EXAMPLE + " }, got ";
		if (!servers.istable()) {
			throw reader.error("servers", expected + servers.typename());
		}
		int length = servers.length();
		for (Varargs entry = servers.next(LuaValue.NIL); !entry.arg1().isnil(); entry = servers.next(entry.arg1())) {
			LuaValue key = entry.arg1();
			if (!key.isinttype() || key.toint() < 1 || key.toint() > length) {
				throw reader.error("servers", expected + "a table with named keys");
			}
		}
		List<String> addresses = new ArrayList<>(length);
		for (int i = 1; i <= length; i++) {
			LuaValue address = servers.get(i);
			if (address.type() != LuaValue.TSTRING) {
				throw reader.error("servers[" + i + "]", "expected an address string such as " + ADDRESS_EXAMPLE
						+ ", got " + address.typename());
			}
			addresses.add(address.tojstring());
		}
		return addresses;
	}

	private @Nullable NatsAuth auth(LuaTableReader reader) {
		LuaValue auth = reader.get("auth");
		if (auth.isnil()) {
			return null;
		}
		if (auth.type() == LuaValue.TSTRING) {
			return NatsAuth.of(null, null, auth.tojstring());
		}
		LuaTableReader fields = LuaTableReader.of(FUNCTION, "auth.", auth,
				"{ username = '...', password = '...' }, { token = '...' } or the token as a string", AUTH_KEYS);
		String token = oneOf(fields, "token", "key_data", "token_file");
		String password = oneOf(fields, "password", null, "password_file");
		String username = LuaKeySource.read(fields, "username", null);
		if (token == null && password == null && username == null) {
			throw reader.error("auth", "expected { username = '...', password = '...' } or { token = '...' }, got an empty table");
		}
		return NatsAuth.of(username, password, token);
	}

	private @Nullable String oneOf(LuaTableReader fields, String key, @Nullable String alias, String fileKey) {
		List<String> given = new ArrayList<>();
		for (String candidate : new String[] { key, alias, fileKey }) {
			if (candidate != null && fields.has(candidate)) {
				given.add(candidate);
			}
		}
		if (given.size() > 1) {
			throw fields.error(given.get(1), "give only one of " + String.join(", ", given));
		}
		if (given.isEmpty()) {
			return null;
		}
		String chosen = given.get(0);
		if (chosen.equals(fileKey)) {
			return secretFile(fields, fileKey, fields.string(fileKey));
		}
		return chosen.equals(key) ? LuaKeySource.read(fields, key, fileKey) : fields.string(chosen);
	}

	private String secretFile(LuaTableReader fields, String key, String location) {
		if (this.secretsDirectory == null) {
			throw fields.error(key, "reading secrets from files is off; set kumo.nats.lua.secrets-directory "
					+ "to the directory that holds them");
		}
		try {
			Path directory = this.secretsDirectory.toRealPath();
			Path file = directory.resolve(location).toRealPath();
			if (!file.startsWith(directory)) {
				throw fields.error(key, "file '" + location + "' is outside kumo.nats.lua.secrets-directory");
			}
			String secret = Files.readString(file).strip();
			if (secret.isEmpty()) {
				throw fields.error(key, "file '" + location + "' is empty");
			}
			return secret;
		}
		catch (IOException ex) {
			throw fields.error(key, "file '" + location + "' cannot be read");
		}
	}

	private static int senderCapacity(LuaTableReader reader) {
		if (reader.has("sender_capacity") && reader.has("client_capacity")) {
			throw reader.error("client_capacity", "is another name for sender_capacity; give only one of them");
		}
		String key = reader.has("client_capacity") ? "client_capacity" : "sender_capacity";
		int capacity = reader.wholeNumber(key, NatsConnectionSettings.DEFAULT_SENDER_CAPACITY);
		if (capacity <= 0) {
			throw reader.error(key, "must be a whole number greater than 0");
		}
		return capacity;
	}

	private static String inboxPrefix(LuaTableReader reader) {
		String prefix = reader.string("inbox_prefix");
		return (prefix != null) ? prefix : NatsConnectionSettings.DEFAULT_INBOX_PREFIX;
	}

}
