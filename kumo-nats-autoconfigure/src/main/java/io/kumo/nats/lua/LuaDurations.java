package io.kumo.nats.lua;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Reads a duration the ways KumoMTA scripts write one: {@code '5s'}, {@code '500ms'},
 * {@code '1 minute'}, {@code '1h30m'}, a number of seconds, or async-nats's
 * {@code { secs = N, nanos = M }}.
 */
final class LuaDurations {

	static final String EXPECTED = "a duration such as '5s', '500ms', '2m', '1 minute' or '1h30m', "
			+ "a number of seconds such as 2.5, or { secs = 5, nanos = 0 }";

	private static final String POSITIVE = "must be a duration greater than zero, such as '5s', '500ms' or 2.5 (seconds)";

	private static final Pattern PART = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([a-zµ]*)\\s*");

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private static final Map<String, Long> UNITS = Map.ofEntries(Map.entry("ns", 1L), Map.entry("nsec", 1L),
			Map.entry("nanos", 1L), Map.entry("nanosecond", 1L), Map.entry("nanoseconds", 1L), Map.entry("us", 1_000L),
			Map.entry("µs", 1_000L), Map.entry("usec", 1_000L), Map.entry("micros", 1_000L),
			Map.entry("microsecond", 1_000L), Map.entry("microseconds", 1_000L), Map.entry("ms", 1_000_000L),
			Map.entry("msec", 1_000_000L), Map.entry("millis", 1_000_000L), Map.entry("millisecond", 1_000_000L),
			Map.entry("milliseconds", 1_000_000L), Map.entry("s", NANOS_PER_SECOND),
			Map.entry("sec", NANOS_PER_SECOND), Map.entry("secs", NANOS_PER_SECOND),
			Map.entry("second", NANOS_PER_SECOND), Map.entry("seconds", NANOS_PER_SECOND),
			Map.entry("m", 60 * NANOS_PER_SECOND), Map.entry("min", 60 * NANOS_PER_SECOND),
			Map.entry("mins", 60 * NANOS_PER_SECOND), Map.entry("minute", 60 * NANOS_PER_SECOND),
			Map.entry("minutes", 60 * NANOS_PER_SECOND), Map.entry("h", 3_600 * NANOS_PER_SECOND),
			Map.entry("hr", 3_600 * NANOS_PER_SECOND), Map.entry("hrs", 3_600 * NANOS_PER_SECOND),
			Map.entry("hour", 3_600 * NANOS_PER_SECOND), Map.entry("hours", 3_600 * NANOS_PER_SECOND),
			Map.entry("d", 86_400 * NANOS_PER_SECOND), Map.entry("day", 86_400 * NANOS_PER_SECOND),
			Map.entry("days", 86_400 * NANOS_PER_SECOND));

	private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

	private LuaDurations() {
	}

	/**
	 * Reads a positive duration.
	 * @param value the Lua value
	 * @return the duration
	 * @throws IllegalArgumentException with what is wrong and expected, never echoing a non-string value
	 */
	static Duration parse(LuaValue value) {
		Duration duration = switch (value.type()) {
			case LuaValue.TNUMBER -> seconds(value.todouble());
			case LuaValue.TSTRING -> text(value.tojstring());
			case LuaValue.TTABLE -> secsAndNanos(value);
			default -> throw new IllegalArgumentException("expected " + EXPECTED + ", got " + value.typename());
		};
		if (duration.isZero() || duration.isNegative()) {
			throw new IllegalArgumentException(POSITIVE);
		}
		return duration;
	}

	private static Duration seconds(double seconds) {
		if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
			throw new IllegalArgumentException("expected " + EXPECTED + ", got a number that is not finite");
		}
		if (seconds <= 0) {
			throw new IllegalArgumentException(POSITIVE);
		}
		return nanos(new BigDecimal(seconds).multiply(BigDecimal.valueOf(NANOS_PER_SECOND)));
	}

	private static Duration text(String text) {
		String trimmed = text.trim().toLowerCase(Locale.ROOT);
		if (trimmed.startsWith("-")) {
			throw new IllegalArgumentException(POSITIVE);
		}
		if (trimmed.startsWith("p")) {
			return iso(text, trimmed);
		}
		Matcher matcher = PART.matcher(trimmed);
		BigDecimal total = BigDecimal.ZERO;
		int end = 0;
		int parts = 0;
		while (end < trimmed.length() && matcher.find(end) && matcher.start() == end) {
			String unit = matcher.group(2);
			Long unitNanos = unit.isEmpty() ? Long.valueOf(NANOS_PER_SECOND) : UNITS.get(unit);
			if (unitNanos == null || (unit.isEmpty() && parts > 0)) {
				throw unparsable(text);
			}
			total = total.add(new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(unitNanos)));
			end = matcher.end();
			parts++;
			if (unit.isEmpty() && end < trimmed.length()) {
				throw unparsable(text);
			}
		}
		if (parts == 0 || end < trimmed.length()) {
			throw unparsable(text);
		}
		return nanos(total);
	}

	private static Duration iso(String text, String trimmed) {
		try {
			return Duration.parse(trimmed);
		}
		catch (DateTimeParseException ex) {
			throw unparsable(text);
		}
	}

	private static Duration secsAndNanos(LuaValue table) {
		long secs = 0;
		long nanos = 0;
		for (Varargs entry = table.next(LuaValue.NIL); !entry.arg1().isnil(); entry = table.next(entry.arg1())) {
			String key = entry.arg1().tojstring();
			LuaValue number = entry.arg(2);
			if (!key.equals("secs") && !key.equals("nanos")) {
				throw new IllegalArgumentException("unknown key '" + key + "' in a duration table; expected { secs = N, nanos = M }");
			}
			if (number.type() != LuaValue.TNUMBER || number.todouble() != Math.rint(number.todouble())
					|| number.todouble() < 0) {
				throw new IllegalArgumentException(key + " must be a whole number of at least 0 in { secs = N, nanos = M }");
			}
			if (key.equals("secs")) {
				secs = (long) number.todouble();
			}
			else {
				nanos = (long) number.todouble();
			}
		}
		if (nanos >= NANOS_PER_SECOND) {
			throw new IllegalArgumentException("nanos must be below 1000000000 in { secs = N, nanos = M }");
		}
		return nanos(BigDecimal.valueOf(secs).multiply(BigDecimal.valueOf(NANOS_PER_SECOND)).add(BigDecimal.valueOf(nanos)));
	}

	private static Duration nanos(BigDecimal nanos) {
		BigInteger whole = nanos.toBigInteger();
		if (whole.compareTo(MAX_NANOS) > 0) {
			throw new IllegalArgumentException("must be a duration of at most 292 years");
		}
		return Duration.ofNanos(whole.longValue());
	}

	private static IllegalArgumentException unparsable(String text) {
		return new IllegalArgumentException("'" + text + "' is not a duration; expected " + EXPECTED);
	}

}
