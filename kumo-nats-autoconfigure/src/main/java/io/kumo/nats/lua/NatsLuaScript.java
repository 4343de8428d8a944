package io.kumo.nats.lua;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;

/**
 * A compiled script, safe to share between threads. {@link #run()} runs it in a fresh state;
 * {@link #call(String, Object...)} runs it once per thread and then calls one of its global
 * functions, so a policy script can connect once and handle many messages.
 */
public final class NatsLuaScript {

	private final String name;

	private final Prototype chunk;

	private final Supplier<ScriptState> states;

	private final ThreadLocal<ScriptState> perThread;

	NatsLuaScript(String name, Prototype chunk, Supplier<ScriptState> states) {
		this.name = name;
		this.chunk = chunk;
		this.states = states;
		this.perThread = ThreadLocal.withInitial(this::loadedState);
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
			return guarded(() -> state.execute(this.chunk));
		}
		finally {
			state.closeConnections();
		}
	}

	/**
	 * Calls a global function of the script in this thread's state, which runs the script the
	 * first time. Connections the script keeps in globals stay open between calls.
	 * @param function the name of a global function, such as {@code handle}
	 * @param args the arguments as plain Java values (maps and lists become tables); a
	 * {@code byte[]} becomes a Lua string over the same array, so, as with jnats's
	 * {@code publish}, it must not change after the call
	 * @return the function's first return value as plain Java, or {@code null}
	 * @throws NatsLuaScriptException when the script or the function fails or exceeds its budget
	 * @throws IllegalArgumentException when the script defines no such function or an argument
	 * cannot be passed to Lua
	 */
	public @Nullable Object call(String function, @Nullable Object... args) {
		ScriptState state = this.perThread.get();
		LuaValue[] luaArgs = new LuaValue[args.length];
		for (int i = 0; i < args.length; i++) {
			luaArgs[i] = LuaJavaValues.toLua(args[i]);
		}
		return guarded(() -> state.invoke(function, LuaValue.varargsOf(luaArgs)));
	}

	private ScriptState loadedState() {
		ScriptState state = this.states.get();
		guarded(() -> state.execute(this.chunk));
		return state;
	}

	private @Nullable Object guarded(Supplier<Varargs> body) {
		try {
			return LuaJavaValues.toJava(body.get().arg1());
		}
		catch (LuaError ex) {
			throw new NatsLuaScriptException(this.name, LuaFailures.message(ex), ex);
		}
		catch (Error ex) {
			throw new NatsLuaScriptException(this.name, LuaFailures.message(ex), ex);
		}
	}

	@Override
	public String toString() {
		return "NatsLuaScript[" + this.name + "]";
	}

}
