package io.kumo.nats.lua;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Converts plain Java values to Lua and back, so callers of scripts deal in strings, numbers,
 * booleans, maps and lists rather than LuaJ types. A {@code byte[]} becomes a Lua string over the
 * same array, not a copy, as jnats's own {@code publish} keeps the caller's array: a payload
 * reaches the wire without being copied on the way.
 */
final class LuaJavaValues {

	private static final int MAX_DEPTH = 64;

	private LuaJavaValues() {
	}

	static LuaValue toLua(@Nullable Object value) {
		return toLua(value, 0);
	}

	private static LuaValue toLua(@Nullable Object value, int depth) {
		if (depth > MAX_DEPTH) {
			throw new IllegalArgumentException("Value nested deeper than " + MAX_DEPTH + " levels");
		}
		if (value == null) {
			return LuaValue.NIL;
		}
		if (value instanceof byte[] bytes) {
			return LuaString.valueUsing(bytes);
		}
		if (value instanceof LuaValue lua) {
			return lua;
		}
		if (value instanceof CharSequence text) {
			return LuaValue.valueOf(text.toString());
		}
		if (value instanceof Boolean bool) {
			return LuaValue.valueOf(bool);
		}
		if (value instanceof Number number) {
			return LuaValue.valueOf(number.doubleValue());
		}
		if (value instanceof Map<?, ?> map) {
			LuaTable table = new LuaTable();
			map.forEach((key, entry) -> table.set(toLua(key, depth + 1), toLua(entry, depth + 1)));
			return table;
		}
		if (value instanceof Collection<?> collection) {
			LuaTable table = new LuaTable();
			collection.forEach((entry) -> table.set(table.length() + 1, toLua(entry, depth + 1)));
			return table;
		}
		throw new IllegalArgumentException("Cannot pass a " + value.getClass().getName() + " to Lua");
	}

	static @Nullable Object toJava(LuaValue value) {
		return toJava(value, 0);
	}

	private static @Nullable Object toJava(LuaValue value, int depth) {
		if (depth > MAX_DEPTH) {
			throw new IllegalArgumentException("Lua value nested deeper than " + MAX_DEPTH + " levels");
		}
		return switch (value.type()) {
			case LuaValue.TNIL, LuaValue.TNONE -> null;
			case LuaValue.TBOOLEAN -> value.toboolean();
			case LuaValue.TNUMBER -> number(value);
			case LuaValue.TSTRING -> value.tojstring();
			case LuaValue.TTABLE -> table((LuaTable) value, depth);
			default -> throw new IllegalArgumentException("Cannot return a Lua " + value.typename() + " to Java");
		};
	}

	private static Object number(LuaValue value) {
		double number = value.todouble();
		if (number == Math.rint(number) && Math.abs(number) < 0x1p53) {
			return (long) number;
		}
		return number;
	}

	private static Object table(LuaTable table, int depth) {
		int length = table.length();
		if (length > 0 && table.keyCount() == length) {
			List<@Nullable Object> list = new ArrayList<>(length);
			for (int i = 1; i <= length; i++) {
				list.add(toJava(table.get(i), depth + 1));
			}
			return list;
		}
		Map<Object, @Nullable Object> map = new LinkedHashMap<>();
		for (Varargs entry = table.next(LuaValue.NIL); !entry.arg1().isnil(); entry = table.next(entry.arg1())) {
			map.put(toJava(entry.arg1(), depth + 1), toJava(entry.arg(2), depth + 1));
		}
		return map;
	}

}
