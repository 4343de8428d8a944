package io.kumo.nats.lua;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.kumo.nats.settings.InvalidNatsSettingException;
import org.luaj.vm2.LuaError;

/**
 * Turns a rejected setting into a Lua error in the script's terms: snake_case keys as in the
 * CONFIG table and 1-based list positions.
 */
final class LuaSettingErrors {

	private static final Pattern LIST_INDEX = Pattern.compile("\\[(\\d+)]");

	private static final Pattern KEBAB_KEY = Pattern.compile("(?<![\\w./'-])([a-z]+(?:-[a-z]+)+)(?![\\w/'-])");

	private LuaSettingErrors() {
	}

	static LuaError translate(String function, InvalidNatsSettingException ex) {
		return new LuaError(function + ": " + key(ex.getKey()) + ": " + snakeCaseKeys(ex.getReason()));
	}

	private static String key(String kebabKey) {
		Matcher index = LIST_INDEX.matcher(kebabKey.replace('-', '_'));
		StringBuilder key = new StringBuilder();
		while (index.find()) {
			index.appendReplacement(key, "[" + (Integer.parseInt(index.group(1)) + 1) + "]");
		}
		return index.appendTail(key).toString();
	}

	private static String snakeCaseKeys(String reason) {
		Matcher kebab = KEBAB_KEY.matcher(reason);
		StringBuilder translated = new StringBuilder();
		while (kebab.find()) {
			String snake = kebab.group(1).replace('-', '_');
			kebab.appendReplacement(translated, LuaConnectConfig.KEYS.contains(snake) ? snake : kebab.group(1));
		}
		return kebab.appendTail(translated).toString();
	}

}
