package io.kumo.nats.lua;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;

/**
 * One sandboxed Lua state: its globals, its budget and the connections its script opened. LuaJ
 * states are not thread-safe, so a state is only ever used by one thread at a time.
 */
final class ScriptState {

	private final Globals globals;

	private final InstructionBudget budget;

	private final LuaTable stringMetatable;

	private final ScriptConnections connections;

	private final TimeLimitWatchdog watchdog;

	private final ScriptStatePool.Idle idleEntry = new ScriptStatePool.Idle(this);

	ScriptState(LuaSandbox sandbox, ScriptConnections connections, TimeLimitWatchdog watchdog) {
		this.budget = new InstructionBudget(sandbox.maxInstructions(), sandbox.timeout(), sandbox.maxMemory());
		this.connections = connections;
		this.watchdog = watchdog;
		SandboxStringLib strings = new SandboxStringLib(this.budget);
		this.globals = SandboxedGlobals.create(sandbox, this.budget, strings, new KumoNatsLib(connections));
		this.stringMetatable = strings.metatable();
		watchdog.watch(this.budget);
	}

	Varargs execute(Prototype chunk) {
		return run(new LuaClosure(chunk, this.globals), LuaValue.NONE);
	}

	boolean defines(String function) {
		return this.globals.get(LuaKeys.luaString(function)).isfunction();
	}

	Varargs invoke(String function, Varargs args) {
		LuaValue target = this.globals.get(LuaKeys.luaString(function));
		if (!target.isfunction()) {
			throw new IllegalArgumentException("The script defines no global function '" + function + "'");
		}
		return run(target, args);
	}

	private Varargs run(LuaValue function, Varargs args) {
		this.budget.start();
		return this.budget.finish(StringMetatable.invoke(this.stringMetatable, function, args));
	}

	/**
	 * Returns this state's entry among its pool's free states, made once.
	 * @return the entry
	 */
	ScriptStatePool.Idle idleEntry() {
		return this.idleEntry;
	}

	/**
	 * Closes the connections the state's script opened and stops timing its calls.
	 */
	void release() {
		this.watchdog.forget(this.budget);
		this.connections.closeAll();
	}

}
