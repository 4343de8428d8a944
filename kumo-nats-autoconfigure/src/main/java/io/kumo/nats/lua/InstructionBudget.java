package io.kumo.nats.lua;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * Stops a script that runs too long. LuaJ calls its debug library before every instruction, so
 * this one counts them and watches the clock, without handing scripts the {@code debug} table.
 * Once exhausted it stays exhausted until the next {@link #start()}, so {@code pcall} cannot
 * swallow the stop. It keeps none of the call-stack bookkeeping of LuaJ's debug library, which
 * scripts cannot reach and which would cost more than the script itself on short calls.
 */
final class InstructionBudget extends DebugLib {

	private static final int CLOCK_CHECK_MASK = 1023;

	private final long maxInstructions;

	private final Duration timeout;

	private long executed;

	private long deadline;

	private @Nullable String stopReason;

	InstructionBudget(long maxInstructions, Duration timeout) {
		this.maxInstructions = (maxInstructions > 0) ? maxInstructions : Long.MAX_VALUE;
		this.timeout = timeout;
	}

	@Override
	public LuaValue call(LuaValue modname, LuaValue env) {
		super.call(modname, env);
		env.set("debug", NIL);
		env.get("package").get("loaded").set("debug", NIL);
		return NIL;
	}

	void start() {
		this.executed = 0;
		this.stopReason = null;
		this.deadline = System.nanoTime() + this.timeout.toNanos();
	}

	@Override
	public void onInstruction(int pc, Varargs v, int top) {
		this.executed++;
		if (this.stopReason == null && this.executed > this.maxInstructions) {
			this.stopReason = "it exceeded its budget of " + this.maxInstructions + " instructions";
		}
		if (this.stopReason == null && !this.timeout.isZero() && (this.executed & CLOCK_CHECK_MASK) == 0
				&& System.nanoTime() - this.deadline > 0) {
			this.stopReason = "it exceeded its time limit of " + this.timeout.toMillis() + " ms";
		}
		if (this.stopReason != null) {
			throw new LuaError("script stopped: " + this.stopReason);
		}
	}

	@Override
	public void onCall(LuaFunction function) {
	}

	@Override
	public void onCall(LuaClosure closure, Varargs varargs, LuaValue[] stack) {
	}

	@Override
	public void onReturn() {
	}

}
