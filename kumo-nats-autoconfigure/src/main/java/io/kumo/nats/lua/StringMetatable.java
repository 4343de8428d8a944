package io.kumo.nats.lua;

import org.jspecify.annotations.Nullable;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;

/**
 * The metatable that LuaJ keeps for all strings in one static field, answering per thread. During
 * a sandboxed run it answers from the running state's own metatable, whose string methods are
 * budgeted; everywhere else it answers from the metatable that was in the field before, which is
 * what LuaJ's first {@link StringLib} put there. Other LuaJ users in the JVM therefore get the
 * string methods they would get without the sandbox; only the object in the field is this one.
 * Each thread keeps one slot for the running state's metatable, so entering and leaving a run
 * changes an array element rather than the thread's map of locals; the slot is a plain
 * {@code Object[]}, empty between runs, so a thread outliving the application holds none of its
 * classes.
 */
final class StringMetatable extends LuaTable {

	private static final StringMetatable INSTANCE = new StringMetatable();

	private static final ThreadLocal<@Nullable Object[]> RUNNING = ThreadLocal.withInitial(() -> new Object[1]);

	private volatile LuaValue outside = NIL;

	private StringMetatable() {
	}

	/**
	 * Calls a state's function with the state's own string metatable, installing this table if
	 * the static field holds another one.
	 * @param stateMetatable the metatable of the running state's strings
	 * @param function the function to call
	 * @param args its arguments
	 * @return what the function returned
	 */
	static Varargs invoke(LuaTable stateMetatable, LuaValue function, Varargs args) {
		install();
		@Nullable Object[] running = RUNNING.get();
		Object previous = running[0];
		running[0] = stateMetatable;
		try {
			return function.invoke(args);
		}
		finally {
			running[0] = previous;
		}
	}

	/**
	 * LuaJ's own string library, loaded once without changing what other LuaJ users see. Its
	 * functions keep no state, so all sandboxed states may share them; the table itself is never
	 * handed to a script.
	 * @return the table of LuaJ's string functions
	 */
	static LuaTable stockFunctions() {
		return StockFunctions.TABLE;
	}

	@Override
	public LuaValue rawget(LuaValue key) {
		Object running = RUNNING.get()[0];
		if (running != null) {
			return ((LuaTable) running).rawget(key);
		}
		LuaValue metatable = this.outside;
		return metatable.istable() ? metatable.rawget(key) : NIL;
	}

	private static void install() {
		if (LuaString.s_metatable != INSTANCE) {
			synchronized (StringMetatable.class) {
				LuaValue current = LuaString.s_metatable;
				if (current != INSTANCE) {
					if (current == null) {
						stockLibrary();
						current = LuaString.s_metatable;
					}
					INSTANCE.outside = (current != null) ? current : NIL;
					LuaString.s_metatable = INSTANCE;
				}
			}
		}
	}

	private static final class StockFunctions {

		private static final LuaTable TABLE = loaded();

		private static LuaTable loaded() {
			install();
			return stockLibrary();
		}

	}

	private static LuaTable stockLibrary() {
		Globals globals = new Globals();
		globals.load(new PackageLib());
		globals.load(new StringLib());
		return globals.get("string").checktable();
	}

}
