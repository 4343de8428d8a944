package io.kumo.nats.lua;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * A compiled script, safe to share between threads. {@link #run()} runs it in a fresh state;
 * {@link #call(String, Object...)} calls one of its global functions in a state from the script's
 * pool, which ran the script once when it was made, so a policy script can connect once and
 * handle many messages.
 */
public final class NatsLuaScript {

	private final String name;

	private final Prototype chunk;

	private final Supplier<ScriptState> states;

	private final ScriptStatePool pool;

	NatsLuaScript(String name, Prototype chunk, Supplier<ScriptState> states, LuaStateLimits limits,
			IdleStateSweeper sweeper) {
		this.name = name;
		this.chunk = chunk;
		this.states = states;
		this.pool = new ScriptStatePool(name, this::loadedState, limits, sweeper);
	}

	/**
	 * The chunk name, used in error messages.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Runs the script in a fresh state and closes the connections it left open.
	 * @return the script's first return value as plain Java (strings, numbers, booleans, maps,
	 * lists), or {@code null}
	 * @throws NatsLuaScriptException when the script fails or exceeds its budget
	 */
	public @Nullable Object run() {
		ScriptState state = this.states.get();
		try {
			return LuaJavaValues.toJava(state.execute(this.chunk).arg1());
		}
		catch (LuaError | Error ex) {
			throw failure(ex);
		}
		finally {
			state.release();
		}
	}

	/**
	 * Calls a global function of the script in one of its states, lent to this call alone: the
	 * most recently used free one, or a new one, which runs the script first. Globals, and the
	 * connections the script keeps in them, live on in the state between calls, until the state
	 * is released after {@code kumo.nats.lua.state-idle-timeout} unused. When
	 * {@code kumo.nats.lua.max-states} states are busy, the call waits up to
	 * {@code kumo.nats.lua.state-wait-timeout} for one.
	 * @param function the name of a global function, such as {@code handle}
	 * @param args the arguments as plain Java values (maps and lists become tables); a
	 * {@code byte[]} becomes a Lua string over the same array, so, as with jnats's
	 * {@code publish}, it must not change after the call
	 * @return the function's first return value as plain Java, or {@code null}
	 * @throws NatsLuaScriptException when the script or the function fails or exceeds its budget,
	 * or no state came free in time
	 * @throws IllegalArgumentException when the script defines no such function or an argument
	 * cannot be passed to Lua
	 */
	public @Nullable Object call(String function, @Nullable Object... args) {
		LuaValue[] luaArgs = new LuaValue[args.length];
		for (int i = 0; i < args.length; i++) {
			luaArgs[i] = LuaJavaValues.toLua(args[i]);
		}
		ScriptState state = this.pool.borrow();
		try {
			return LuaJavaValues.toJava(state.invoke(function, LuaValue.varargsOf(luaArgs)).arg1());
		}
		catch (LuaError | Error ex) {
			throw failure(ex);
		}
		finally {
			this.pool.giveBack(state);
		}
	}

	/**
	 * Whether the script defines a global function of that name, checked in one of its pooled
	 * states, which runs the script first when none is free.
	 * @param function the name of a global function
	 * @return whether the global of that name is a function
	 * @throws NatsLuaScriptException when the script fails or no state came free in time
	 */
	public boolean defines(String function) {
		ScriptState state = this.pool.borrow();
		try {
			return state.defines(function);
		}
		finally {
			this.pool.giveBack(state);
		}
	}

	/**
	 * Calls a global function as {@link #call(String, Object...)} does, with a Lua argument, and
	 * returns its first return value as Lua, so strings keep their bytes.
	 */
	LuaValue callLua(String function, LuaValue arg) {
		ScriptState state = this.pool.borrow();
		try {
			return state.invoke(function, arg).arg1();
		}
		catch (LuaError | Error ex) {
			throw failure(ex);
		}
		finally {
			this.pool.giveBack(state);
		}
	}

	int liveStates() {
		return this.pool.liveStates();
	}

	private ScriptState loadedState() {
		ScriptState state = this.states.get();
		try {
			state.execute(this.chunk);
			return state;
		}
		catch (LuaError | Error ex) {
			state.release();
			throw failure(ex);
		}
		catch (RuntimeException ex) {
			state.release();
			throw ex;
		}
	}

	private NatsLuaScriptException failure(Throwable ex) {
		return new NatsLuaScriptException(this.name, LuaFailures.message(ex), ex);
	}

	@Override
	public String toString() {
		return "NatsLuaScript[" + this.name + "]";
	}

}
