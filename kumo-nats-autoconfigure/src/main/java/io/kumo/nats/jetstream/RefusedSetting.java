package io.kumo.nats.jetstream;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.nats.client.JetStreamApiException;
import org.jspecify.annotations.Nullable;

/**
 * The setting of a declaration that the server's refusal is about, read from the server's error
 * code and text, named as the declaration properties name it (such as {@code subjects} or
 * {@code storage}).
 */
final class RefusedSetting {

	private static final int STREAM_NOT_FOUND = 10059;

	private static final int SUBJECTS_OVERLAP = 10065;

	private static final Map<String, String> STREAM_WORDS = words("subject", "subjects", "storage", "storage",
			"retention", "retention", "replica", "replicas", "duplicate", "duplicate-window", "max age", "max-age",
			"maxage", "max-age", "discard", "discard", "message size", "max-msg-size", "msg size", "max-msg-size",
			"max bytes", "max-bytes", "maxbytes", "max-bytes", "max msgs", "max-msgs", "maxmsgs", "max-msgs",
			"description", "description");

	private static final Map<String, String> CONSUMER_WORDS = words("deliver policy", "deliver-policy",
			"delivery policy", "deliver-policy", "ack policy",
			"ack-policy", "backoff", "backoff", "max deliver", "max-deliver", "ack wait", "ack-wait",
			"max ack pending", "max-ack-pending", "filter", "filter-subjects", "subject", "filter-subjects",
			"description", "description");

	private static final Map<String, String> KEY_VALUE_WORDS = words("history", "history", "max messages per subject",
			"history", "storage", "storage", "replica", "replicas", "max age", "ttl", "maxage", "ttl", "message size",
			"max-value-size", "max bytes", "max-bytes", "maxbytes", "max-bytes", "description", "description");

	private RefusedSetting() {
	}

	/**
	 * The setting a refusal is about.
	 * @param kind what was declared
	 * @param refusal the server's refusal
	 * @return the setting, or {@code null} when the server's error does not tell
	 */
	static @Nullable String of(JetStreamDeclarationKind kind, JetStreamApiException refusal) {
		int code = refusal.getApiErrorCode();
		if (kind == JetStreamDeclarationKind.CONSUMER && code == STREAM_NOT_FOUND) {
			return "stream";
		}
		if (kind == JetStreamDeclarationKind.STREAM && code == SUBJECTS_OVERLAP) {
			return "subjects";
		}
		String text = String.valueOf(refusal.getErrorDescription()).toLowerCase(Locale.ROOT);
		Map<String, String> words = switch (kind) {
			case STREAM -> STREAM_WORDS;
			case CONSUMER -> CONSUMER_WORDS;
			case KEY_VALUE -> KEY_VALUE_WORDS;
		};
		return words.entrySet()
			.stream()
			.filter((word) -> text.contains(word.getKey()))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(null);
	}

	private static Map<String, String> words(String... pairs) {
		Map<String, String> words = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			words.put(pairs[i], pairs[i + 1]);
		}
		return words;
	}

}
