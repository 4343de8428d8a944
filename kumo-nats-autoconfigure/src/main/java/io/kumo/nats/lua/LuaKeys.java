package io.kumo.nats.lua;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/**
 * The valid keys of an argument table, held as Lua strings too, so that checking a table's keys
 * on every call compares bytes instead of decoding each key to a Java string.
 */
final class LuaKeys {

	private static final ConcurrentHashMap<String, LuaString> LUA_STRINGS = new ConcurrentHashMap<>();

	private final Set<String> names;

	private final Set<LuaString> luaNames;

	private LuaKeys(Set<String> names) {
		this.names = Set.copyOf(names);
		this.luaNames = names.stream().map(LuaKeys::luaString).collect(Collectors.toUnmodifiableSet());
	}

	static LuaKeys of(String... names) {
		return new LuaKeys(Set.of(names));
	}

	LuaKeys with(String name) {
		Set<String> all = new HashSet<>(this.names);
		all.add(name);
		return new LuaKeys(all);
	}

	boolean contains(String name) {
		return this.names.contains(name);
	}

	boolean contains(LuaValue key) {
		return key.type() == LuaValue.TSTRING && this.luaNames.contains(key.checkstring());
	}

	String sorted() {
		return String.join(", ", new TreeSet<>(this.names));
	}

	/**
	 * The Lua string of a key name, made once per name.
	 * @param name the key
	 * @return the Lua string
	 */
	static LuaString luaString(String name) {
		LuaString known = LUA_STRINGS.get(name);
		return (known != null) ? known : LUA_STRINGS.computeIfAbsent(name, LuaString::valueOf);
	}

}
