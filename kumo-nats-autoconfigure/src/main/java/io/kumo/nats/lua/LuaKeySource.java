package io.kumo.nats.lua;

import org.jspecify.annotations.Nullable;
import org.luaj.vm2.LuaValue;

/**
 * Reads a secret of the {@code auth} table written as one of KumoMTA's key sources: the secret
 * itself as a string, or {@code { key_data = '...' }}. KumoMTA's HashiCorp Vault and event forms
 * need services this runtime does not have, so they are refused with what to write instead. The
 * secret never appears in an error.
 */
final class LuaKeySource {

	private static final LuaKeys KEYS = LuaKeys.of("key_data");

	private static final String EXPECTED = "expected the secret as a string or as { key_data = '...' }";

	private LuaKeySource() {
	}

	/**
	 * Reads one key of the {@code auth} table.
	 * @param auth the reader of the {@code auth} table
	 * @param key the key, such as {@code password}
	 * @param fileKey the key that reads the same secret from a file, or {@code null} if there is none
	 * @return the secret, or {@code null} when the key is not set
	 */
	static @Nullable String read(LuaTableReader auth, String key, @Nullable String fileKey) {
		LuaValue value = auth.get(key);
		if (value.isnil() || value.type() == LuaValue.TSTRING) {
			return auth.string(key);
		}
		if (!value.istable()) {
			throw auth.error(key, EXPECTED + ", got " + value.typename());
		}
		String instead = "give the secret as a string or as { key_data = '...' }"
				+ ((fileKey != null) ? ", or read it from a file with " + fileKey : "");
		if (!value.rawget("vault_mount").isnil() || !value.rawget("vault_path").isnil()) {
			throw auth.error(key, "KumoMTA's HashiCorp Vault key source is not supported here; " + instead);
		}
		if (!value.rawget("event_name").isnil()) {
			throw auth.error(key, "KumoMTA's event key source is not supported here; " + instead
					+ " (call the event's function yourself and pass its result as key_data)");
		}
		if (value.next(LuaValue.NIL).arg1().isnil()) {
			throw auth.error(key, EXPECTED + ", got an empty table");
		}
		LuaTableReader source = LuaTableReader.of(LuaConnectConfig.FUNCTION, "auth." + key + ".", value,
				"{ key_data = '...' }", KEYS);
		return source.string("key_data");
	}

}
