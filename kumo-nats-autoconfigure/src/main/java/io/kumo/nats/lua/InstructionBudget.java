package io.kumo.nats.lua;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * Stops a script that runs too long or takes too much memory. LuaJ calls its debug library before
 * every instruction, so this one counts them, watches the thread's allocations and whether the
 * {@link TimeLimitWatchdog} found the call over its time limit, and refuses a {@code ..} whose
 * result would exceed the memory limit before LuaJ allocates it. The sandbox's string functions
 * charge their work and their results here too. Once exhausted it stays exhausted until the next
 * {@link #start()}, so {@code pcall} cannot swallow the stop. It keeps only the code and
 * registers of the running functions, not the call-stack bookkeeping of LuaJ's debug library,
 * which scripts cannot reach and which would cost more than the script itself on short calls.
 */
final class InstructionBudget extends DebugLib {

	private static final int CHECK_MASK = 1023;

	private static final int COUNT_ALLOCATIONS_FROM = 64;

	private static final int LARGE_STRING = 64 * 1024;

	private static final int NUMBER_TEXT_LENGTH = 32;

	private static final long LARGEST_STRING = Integer.MAX_VALUE - 8;

	private final long maxInstructions;

	private final Duration timeout;

	private final long timeoutNanos;

	private final long maxMemory;

	private final AtomicLong calls = new AtomicLong();

	private volatile long expiredCall = -1;

	private long watchedCall = -1;

	private long watchedSince;

	private long executed;

	private long allocatedAtStart;

	private boolean countingAllocations;

	private @Nullable String stopReason;

	private int depth;

	private int[] @Nullable [] codes = new int[64][];

	private LuaValue[] @Nullable [] registers = new LuaValue[64][];

	InstructionBudget(long maxInstructions, Duration timeout, long maxMemory) {
		this.maxInstructions = (maxInstructions > 0) ? maxInstructions : Long.MAX_VALUE;
		this.timeout = timeout;
		this.timeoutNanos = timeout.toNanos();
		this.maxMemory = maxMemory;
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
		this.calls.lazySet(this.calls.get() + 1);
		this.countingAllocations = false;
		this.depth = 0;
	}

	/**
	 * Hands on a run's results unless the run was stopped: a stop that {@code pcall} caught in
	 * the script's last call, such as {@code return pcall(f)}, meets no further instruction.
	 * @param results what the run returned
	 * @return the same results
	 */
	Varargs finish(Varargs results) {
		if (this.stopReason != null) {
			throw stopped();
		}
		return results;
	}

	@Override
	public void onInstruction(int pc, Varargs v, int top) {
		this.executed++;
		if (this.stopReason != null) {
			throw stopped();
		}
		if (this.executed > this.maxInstructions) {
			stop("it exceeded its budget of " + this.maxInstructions + " instructions");
		}
		int[] code = this.codes[this.depth];
		if (code != null && Lua.GET_OPCODE(code[pc]) == Lua.OP_CONCAT) {
			reserve(concatenatedLength(code[pc], this.registers[this.depth]));
		}
		if (this.executed == COUNT_ALLOCATIONS_FROM) {
			countAllocations();
		}
		if ((this.executed & CHECK_MASK) == 0) {
			checkTimeAndMemory();
		}
	}

	/**
	 * Charges work done outside the interpreter, such as pattern-matching steps, as instructions.
	 * @param steps the steps done since the last charge
	 */
	void charge(long steps) {
		if (this.stopReason != null) {
			throw stopped();
		}
		this.executed += steps;
		if (this.executed > this.maxInstructions) {
			stop("it exceeded its budget of " + this.maxInstructions + " instructions");
		}
		checkTimeAndMemory();
	}

	/**
	 * Checks, before it is allocated, that a string of the given length fits in the memory limit.
	 * @param length the length of the string about to be built
	 */
	void reserve(long length) {
		if (this.stopReason != null) {
			throw stopped();
		}
		countAllocations();
		if (this.maxMemory > 0 && (length > this.maxMemory
				|| (length >= LARGE_STRING && allocated() + length > this.maxMemory))) {
			stop(memoryExceeded());
		}
		if (length > LARGEST_STRING) {
			throw new LuaError("resulting string too large");
		}
	}

	@Override
	public void onCall(LuaFunction function) {
		push(null, null);
	}

	@Override
	public void onCall(LuaClosure closure, Varargs varargs, LuaValue[] stack) {
		push(closure.p.code, stack);
	}

	@Override
	public void onReturn() {
		if (this.depth > 0) {
			this.codes[this.depth] = null;
			this.registers[this.depth] = null;
			this.depth--;
		}
	}

	private void push(int @Nullable [] code, LuaValue @Nullable [] stack) {
		this.depth++;
		if (this.depth == this.codes.length) {
			this.codes = Arrays.copyOf(this.codes, this.depth * 2);
			this.registers = Arrays.copyOf(this.registers, this.depth * 2);
		}
		this.codes[this.depth] = code;
		this.registers[this.depth] = stack;
	}

	/**
	 * Marks the running call as over its time limit if it is the call seen running at an earlier
	 * tick of the {@link TimeLimitWatchdog} at least the time limit ago. Called by the watchdog
	 * alone, under its lock.
	 * @param now the time of this tick
	 */
	void checkTime(long now) {
		long call = this.calls.get();
		if (call != this.watchedCall) {
			this.watchedCall = call;
			this.watchedSince = now;
		}
		else if (call != this.expiredCall && now - this.watchedSince >= this.timeoutNanos) {
			this.expiredCall = call;
		}
	}

	private void checkTimeAndMemory() {
		if (this.expiredCall == this.calls.get()) {
			stop("it exceeded its time limit of " + this.timeout.toMillis() + " ms");
		}
		if (this.maxMemory > 0 && allocated() > this.maxMemory) {
			stop(memoryExceeded());
		}
	}

	/**
	 * Starts counting the call's allocations, unless it already has, at the first string the
	 * call builds, the first work a library function charges or its 64th instruction: reading
	 * the thread's counter costs a fifth of entering a script, and a short call that builds no
	 * string needs no reading, nor does any call without a memory limit. What the instructions
	 * before that point allocated is not counted: their own tables, closures and call frames, a
	 * few kilobytes, as the functions that build strings of any size reserve them here first.
	 */
	private void countAllocations() {
		if (!this.countingAllocations && this.maxMemory > 0) {
			this.countingAllocations = true;
			this.allocatedAtStart = ThreadAllocations.current();
		}
	}

	private long allocated() {
		countAllocations();
		return ThreadAllocations.current() - this.allocatedAtStart;
	}

	private static long concatenatedLength(int instruction, LuaValue @Nullable [] stack) {
		if (stack == null) {
			return 0;
		}
		int first = Lua.GETARG_B(instruction);
		int last = Lua.GETARG_C(instruction);
		long length = 0;
		for (int register = first; register <= last && register < stack.length; register++) {
			LuaValue value = stack[register];
			if (value.type() == TSTRING) {
				length += value.rawlen();
			}
			else if (value.type() == TNUMBER) {
				length += NUMBER_TEXT_LENGTH;
			}
		}
		return length;
	}

	private String memoryExceeded() {
		return "it exceeded its memory limit of " + this.maxMemory + " bytes";
	}

	private void stop(String reason) {
		this.stopReason = reason;
		throw stopped();
	}

	private LuaError stopped() {
		return new LuaError("script stopped: " + this.stopReason);
	}

}
