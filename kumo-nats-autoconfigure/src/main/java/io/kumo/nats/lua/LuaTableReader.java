package io.kumo.nats.lua;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Reads the named keys of one argument table with typed getters, raising Lua errors that name the
 * function and the snake_case key and say what is expected. LuaJ's own argument errors name
 * neither, and the values themselves never appear, as they may be secrets. Only the table's own
 * keys count, those {@code pairs} would give: keys inherited through a metatable are not read.
 */
final class LuaTableReader {

	private final String function;

	private final String prefix;

	private final LuaKeys keys;

	private final LuaValue[] values;

	private LuaTableReader(String function, String prefix, LuaKeys keys) {
		this.function = function;
		this.prefix = prefix;
		this.keys = keys;
		this.values = new LuaValue[keys.size()];
	}

	/**
	 * Reads a table whose keys must all be among the valid ones, walking it once.
	 * @param function the Lua function being called, for messages
	 * @param prefix the path of a nested table such as {@code auth.}, or empty
	 * @param value the argument, which must be a table
	 * @param what how the argument is described, such as {@code a CONFIG table}
	 * @param validKeys the keys the table may hold
	 * @return the reader
	 */
	static LuaTableReader of(String function, String prefix, LuaValue value, String what, LuaKeys validKeys) {
		if (!value.istable()) {
			String place = prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1) + ": ";
			throw new LuaError(function + ": " + place + "expected " + what + ", got " + value.typename());
		}
		LuaTableReader reader = new LuaTableReader(function, prefix, validKeys);
		for (Varargs entry = value.next(LuaValue.NIL); !entry.arg1().isnil(); entry = value.next(entry.arg1())) {
			LuaValue key = entry.arg1();
			int index = validKeys.indexOf(key);
			if (index < 0) {
				String name = (key.type() == LuaValue.TSTRING) ? "'" + prefix + key.tojstring() + "'"
						: "[" + key.tojstring() + "] (" + key.typename() + " key)";
				throw new LuaError(function + ": unknown key " + name + "; valid keys"
						+ (prefix.isEmpty() ? "" : " of " + prefix.substring(0, prefix.length() - 1)) + " are: "
						+ validKeys.sorted());
			}
			reader.values[index] = entry.arg(2);
		}
		return reader;
	}

	LuaValue get(String key) {
		int index = this.keys.indexOf(key);
		if (index < 0) {
			throw new IllegalArgumentException("'" + key + "' is not among the keys this reader was given");
		}
		LuaValue value = this.values[index];
		return (value != null) ? value : LuaValue.NIL;
	}

	boolean has(String key) {
		return !get(key).isnil();
	}

	@Nullable String string(String key) {
		LuaValue value = get(key);
		if (value.isnil()) {
			return null;
		}
		if (value.type() != LuaValue.TSTRING) {
			throw error(key, "expected a string, got " + value.typename());
		}
		return value.tojstring();
	}

	LuaString requiredBytes(String key, String example) {
		LuaValue value = get(key);
		if (value.isnil()) {
			throw error(key, "is required: a string such as " + example);
		}
		if (value.type() != LuaValue.TSTRING) {
			throw error(key, "expected a string, got " + value.typename());
		}
		return value.checkstring();
	}

	boolean bool(String key, boolean defaultValue) {
		LuaValue value = get(key);
		if (value.isnil()) {
			return defaultValue;
		}
		if (!value.isboolean()) {
			throw error(key, "expected a boolean (true or false), got " + value.typename());
		}
		return value.toboolean();
	}

	int wholeNumber(String key, int defaultValue) {
		LuaValue value = get(key);
		if (value.isnil()) {
			return defaultValue;
		}
		if (value.type() != LuaValue.TNUMBER) {
			throw error(key, "expected a whole number, got " + value.typename());
		}
		double number = value.todouble();
		if (number != Math.rint(number) || number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
			throw error(key, "expected a whole number such as 3, got a fraction or a number out of range");
		}
		return (int) number;
	}

	Duration duration(String key, Duration defaultValue) {
		LuaValue value = get(key);
		if (value.isnil()) {
			return defaultValue;
		}
		try {
			return LuaDurations.parse(value);
		}
		catch (IllegalArgumentException ex) {
			throw error(key, ex.getMessage());
		}
	}

	/**
	 * An error about one key.
	 * @param key the key, without the prefix
	 * @param reason what is wrong and what is expected
	 * @return the error to throw
	 */
	LuaError error(String key, String reason) {
		return new LuaError(this.function + ": " + this.prefix + key + ": " + reason);
	}

}
