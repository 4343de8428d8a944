package io.kumo.nats.lua;

import java.util.Arrays;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/**
 * The valid keys of an argument table, in a fixed order, held as Lua strings too: a reader
 * matches each key of the table against them once, rather than decoding the key to a Java string
 * or looking it up in a hash set. A Lua string compares its length and cached hash before any
 * byte, so the keys that do not match cost next to nothing. The Lua string last found equal to
 * each key is remembered, as a script's constants are one object per compiled chunk, so the next
 * table from the same script matches by identity before any comparison.
 */
final class LuaKeys {

	private static final ConcurrentHashMap<String, LuaString> LUA_STRINGS = new ConcurrentHashMap<>();

	private final String[] names;

	private final LuaString[] luaNames;

	private final LuaString[] lastSeen;

	private LuaKeys(String[] names) {
		this.names = names;
		this.luaNames = Arrays.stream(names).map(LuaKeys::luaString).toArray(LuaString[]::new);
		this.lastSeen = this.luaNames.clone();
	}

	static LuaKeys of(String... names) {
		return new LuaKeys(names.clone());
	}

	LuaKeys with(String name) {
		String[] all = Arrays.copyOf(this.names, this.names.length + 1);
		all[this.names.length] = name;
		return new LuaKeys(all);
	}

	int size() {
		return this.names.length;
	}

	boolean contains(String name) {
		return indexOf(name) >= 0;
	}

	/**
	 * The position of a key name.
	 * @param name the key
	 * @return its position, or -1 when it is not a valid key
	 */
	int indexOf(String name) {
		for (int i = 0; i < this.names.length; i++) {
			if (this.names[i].equals(name)) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * The position of a key found in a table. Threads share the remembered strings without
	 * locking: a Lua string never changes, so any of them a thread sees is a right answer.
	 * @param key the key
	 * @return its position, or -1 when it is not a valid key
	 */
	int indexOf(LuaValue key) {
		for (int i = 0; i < this.lastSeen.length; i++) {
			if (this.lastSeen[i] == key) {
				return i;
			}
		}
		if (key instanceof LuaString text) {
			for (int i = 0; i < this.luaNames.length; i++) {
				if (this.luaNames[i].raweq(text)) {
					this.lastSeen[i] = text;
					return i;
				}
			}
		}
		return -1;
	}

	String sorted() {
		return String.join(", ", new TreeSet<>(Arrays.asList(this.names)));
	}

	/**
	 * The Lua string of a name, made once per name.
	 * @param name the name
	 * @return the Lua string
	 */
	static LuaString luaString(String name) {
		LuaString known = LUA_STRINGS.get(name);
		return (known != null) ? known : LUA_STRINGS.computeIfAbsent(name, LuaString::valueOf);
	}

}
