package io.kumo.nats.jetstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import org.jspecify.annotations.Nullable;

/**
 * Compares a declared configuration with the one the server reports, in jnats's JSON form, where
 * settings left at their defaults are absent: only the settings a declaration sets are compared,
 * so defaults the server fills in are never taken for a change.
 */
final class DeclaredSettings {

	private DeclaredSettings() {
	}

	/**
	 * The settings whose declared value the server does not have.
	 * @param declared the declared configuration as JSON
	 * @param current the server's configuration as JSON
	 * @return the names of the differing JSON fields, empty when the server has every declared
	 * value
	 */
	static List<String> differences(String declared, String current) {
		Map<String, JsonValue> wanted = JsonParser.parseUnchecked(declared).map;
		Map<String, JsonValue> actual = JsonParser.parseUnchecked(current).map;
		List<String> differences = new ArrayList<>();
		wanted.forEach((field, value) -> {
			if (!holds(actual.get(field), value)) {
				differences.add(field);
			}
		});
		return differences;
	}

	private static boolean holds(@Nullable JsonValue actual, JsonValue wanted) {
		if (actual == null) {
			return isEmpty(wanted);
		}
		if (wanted.type == JsonValue.Type.MAP && actual.type == JsonValue.Type.MAP) {
			return wanted.map.entrySet()
				.stream()
				.allMatch((entry) -> holds(actual.map.get(entry.getKey()), entry.getValue()));
		}
		return wanted.equals(actual);
	}

	private static boolean isEmpty(JsonValue value) {
		return switch (value.type) {
			case NULL -> true;
			case BOOL -> !value.bool;
			case STRING -> value.string.isEmpty();
			case MAP -> value.map.isEmpty();
			case ARRAY -> value.array.isEmpty();
			default -> value.number != null && value.number.longValue() == 0;
		};
	}

}
