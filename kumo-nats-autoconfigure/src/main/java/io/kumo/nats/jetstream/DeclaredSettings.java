package io.kumo.nats.jetstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import org.jspecify.annotations.Nullable;

/**
 * Compares a declared configuration with the one the server reports, in jnats's JSON form, where
 * settings left at their defaults are absent. The settings a declaration sets are compared, so
 * defaults the server fills in (a duplicate window, an ack wait) are never taken for a change; so
 * are the settings whose default means the same to jnats and the server (no limit, no
 * description), so that one the declaration no longer sets is reset on the server.
 */
final class DeclaredSettings {

	/**
	 * Stream settings whose absence in jnats's JSON is also what the server reports when unset.
	 */
	static final Set<String> STREAM_UNSET_ALIKE = Set.of("description", "max_age", "max_bytes", "max_msgs",
			"max_msgs_per_subject", "max_msg_size");

	/**
	 * Consumer settings whose absence in jnats's JSON is also what the server reports when unset.
	 */
	static final Set<String> CONSUMER_UNSET_ALIKE = Set.of("description", "max_deliver", "backoff", "filter_subject",
			"filter_subjects");

	private DeclaredSettings() {
	}

	/**
	 * The settings whose declared value the server does not have.
	 * @param declared the declared configuration as JSON
	 * @param current the server's configuration as JSON
	 * @param unsetAlike the settings to compare even when the declaration leaves them unset
	 * @return the names of the differing JSON fields, empty when the server has every declared
	 * value
	 */
	static List<String> differences(String declared, String current, Set<String> unsetAlike) {
		Map<String, JsonValue> wanted = JsonParser.parseUnchecked(declared).map;
		Map<String, JsonValue> actual = JsonParser.parseUnchecked(current).map;
		List<String> differences = new ArrayList<>();
		wanted.forEach((field, value) -> {
			if (!holds(actual.get(field), value)) {
				differences.add(field);
			}
		});
		for (String field : unsetAlike) {
			JsonValue value = actual.get(field);
			if (!wanted.containsKey(field) && value != null && !isEmpty(value)) {
				differences.add(field);
			}
		}
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
