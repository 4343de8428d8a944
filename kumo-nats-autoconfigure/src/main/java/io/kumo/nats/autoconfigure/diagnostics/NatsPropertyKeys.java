package io.kumo.nats.autoconfigure.diagnostics;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.kumo.nats.autoconfigure.NatsJetStreamProperties;
import io.kumo.nats.autoconfigure.NatsProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.core.ResolvableType;

/**
 * The keys a group of NATS properties accepts, read from the properties types themselves so that
 * a new property is known here without a second list, and the key nearest to a mistyped one.
 */
final class NatsPropertyKeys {

	private static final String NAME = "<name>";

	private final List<String> keys;

	private NatsPropertyKeys(List<String> keys) {
		this.keys = keys;
	}

	/**
	 * The keys of one connection, such as {@code connection-timeout}, {@code auth.password} and
	 * {@code jetstream.streams.<name>.subjects}.
	 * @return the keys
	 */
	static NatsPropertyKeys connection() {
		return of(NatsProperties.Connection.class);
	}

	/**
	 * The keys directly under {@code kumo.nats}, other than the connections, such as
	 * {@code lua.timeout}.
	 * @return the keys
	 */
	static NatsPropertyKeys top() {
		return of(NatsProperties.class);
	}

	private static NatsPropertyKeys of(Class<?> type) {
		List<String> keys = new ArrayList<>();
		collect(type, "", keys);
		keys.sort(Comparator.naturalOrder());
		return new NatsPropertyKeys(List.copyOf(keys));
	}

	private static void collect(Class<?> type, String prefix, List<String> keys) {
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			if (property.getReadMethod() == null || "class".equals(property.getName())) {
				continue;
			}
			String key = prefix + DataObjectPropertyName.toDashedForm(property.getName());
			if (Map.class.isAssignableFrom(property.getPropertyType())) {
				Class<?> entryType = ResolvableType.forMethodReturnType(property.getReadMethod())
					.asMap()
					.resolveGeneric(1);
				if (type != NatsProperties.class && entryType != null && isGroup(entryType)) {
					collect(entryType, key + "." + NAME + ".", keys);
				}
			}
			else if (isGroup(property.getPropertyType())) {
				collect(property.getPropertyType(), key + ".", keys);
			}
			else {
				keys.add(key);
			}
		}
	}

	private static boolean isGroup(Class<?> type) {
		return type.getName().startsWith(NatsProperties.class.getName() + "$")
				|| type.getName().startsWith(NatsJetStreamProperties.class.getName());
	}

	List<String> keys() {
		return this.keys;
	}

	/**
	 * The valid key closest to a key that is not valid: one with the same last part, or one a few
	 * edits away.
	 * @param unknown the key as written, in any of Spring's relaxed forms
	 * @return the nearest key, or {@code null} when none is close
	 */
	@Nullable String nearest(String unknown) {
		String wanted = dashed(unknown);
		String lastPart = wanted.substring(wanted.lastIndexOf('.') + 1);
		String nearest = null;
		int nearestDistance = Integer.MAX_VALUE;
		for (String key : this.keys) {
			int distance = key.endsWith("." + lastPart) ? 0 : distance(wanted, named(key, wanted));
			if (distance < nearestDistance) {
				nearest = key;
				nearestDistance = distance;
			}
		}
		return (nearestDistance <= Math.max(2, wanted.length() / 4)) ? nearest : null;
	}

	/**
	 * The key with each {@code <name>} of a map entry replaced by the part of the wanted key at
	 * the same place, so that a stream's own name does not count as a difference.
	 */
	private static String named(String key, String wanted) {
		if (!key.contains(NAME)) {
			return key;
		}
		String[] keyParts = key.split("\\.");
		String[] wantedParts = wanted.split("\\.");
		for (int i = 0; i < keyParts.length && i < wantedParts.length; i++) {
			if (NAME.equals(keyParts[i])) {
				keyParts[i] = wantedParts[i];
			}
		}
		return String.join(".", keyParts);
	}

	private static String dashed(String key) {
		return DataObjectPropertyName.toDashedForm(key).replace('_', '-').toLowerCase(Locale.ROOT);
	}

	/**
	 * The Levenshtein distance: the fewest single-character insertions, deletions and
	 * substitutions that turn one text into the other.
	 */
	private static int distance(String from, String to) {
		int[] previous = new int[to.length() + 1];
		int[] current = new int[to.length() + 1];
		for (int j = 0; j <= to.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= from.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= to.length(); j++) {
				int substitution = previous[j - 1] + ((from.charAt(i - 1) == to.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[to.length()];
	}

}
