package io.kumo.nats.lua;

import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The loaded states of one compiled script, lent to one call at a time. As in KumoMTA's own pool
 * of Lua contexts, a state belongs to no thread, so threads that come and go leave nothing
 * behind. At most {@link LuaStateLimits#maxStates()} exist; a call that finds them all busy waits
 * up to {@link LuaStateLimits#waitTimeout()} for one. The most recently used state is lent first,
 * so states beyond what the load needs stay unused until the sweeper releases them with their
 * clients.
 */
final class ScriptStatePool {

	private final String name;

	private final Supplier<ScriptState> loader;

	private final LuaStateLimits limits;

	private final IdleStateSweeper sweeper;

	private final Semaphore permits;

	private final Deque<Idle> idle = new ConcurrentLinkedDeque<>();

	private final AtomicInteger live = new AtomicInteger();

	private volatile boolean closed;

	ScriptStatePool(String name, Supplier<ScriptState> loader, LuaStateLimits limits, IdleStateSweeper sweeper) {
		this.name = name;
		this.loader = loader;
		this.limits = limits;
		this.sweeper = sweeper;
		this.permits = new Semaphore(limits.maxStates());
	}

	ScriptState borrow() {
		acquirePermit();
		try {
			if (this.closed) {
				throw closedFailure();
			}
			Idle entry = this.idle.pollFirst();
			if (entry != null) {
				return entry.state;
			}
			ScriptState state = this.loader.get();
			this.live.incrementAndGet();
			if (!this.sweeper.watch(this)) {
				close();
				discard(state);
				throw closedFailure();
			}
			return state;
		}
		catch (RuntimeException | Error ex) {
			this.permits.release();
			throw ex;
		}
	}

	void giveBack(ScriptState state) {
		try {
			if (this.closed) {
				discard(state);
				return;
			}
			Idle entry = new Idle(state);
			this.idle.offerFirst(entry);
			if (this.closed && this.idle.removeFirstOccurrence(entry)) {
				discard(state);
			}
		}
		finally {
			this.permits.release();
		}
	}

	/**
	 * Releases the states found idle by an earlier sweep at least the idle timeout ago. A state
	 * given back is stamped with the time of the first sweep that finds it, rather than the clock
	 * being read on every call: a state is never released before its idle timeout, and at most
	 * two sweep periods after it.
	 * @param now the time of this sweep
	 */
	void sweep(long now) {
		long idleTimeout = this.limits.idleTimeout().toNanos();
		for (Iterator<Idle> oldestFirst = this.idle.descendingIterator(); oldestFirst.hasNext();) {
			Idle entry = oldestFirst.next();
			if (!entry.seen) {
				entry.seen = true;
				entry.since = now;
			}
			else if (now - entry.since >= idleTimeout && this.idle.removeLastOccurrence(entry)) {
				discard(entry.state);
			}
		}
	}

	int liveStates() {
		return this.live.get();
	}

	void close() {
		this.closed = true;
		for (Idle entry = this.idle.pollLast(); entry != null; entry = this.idle.pollLast()) {
			discard(entry.state);
		}
	}

	private void acquirePermit() {
		try {
			if (!this.permits.tryAcquire(this.limits.waitTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
				throw new NatsLuaScriptException(this.name, "all " + this.limits.maxStates()
						+ " states of the script are busy and none came free within "
						+ this.limits.waitTimeout().toMillis() + " ms; raise kumo.nats.lua.max-states or "
						+ "kumo.nats.lua.state-wait-timeout", new TimeoutException("no free state"));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new NatsLuaScriptException(this.name, "interrupted while waiting for a free state", ex);
		}
	}

	private NatsLuaScriptException closedFailure() {
		return new NatsLuaScriptException(this.name, "application is stopping (the Lua scripts runner was closed)",
				new IllegalStateException("closed"));
	}

	private void discard(ScriptState state) {
		this.live.decrementAndGet();
		state.closeConnections();
	}

	/**
	 * A free state and, once a sweep has seen it, when that was. Only the sweeper reads and
	 * writes the time.
	 */
	private static final class Idle {

		private final ScriptState state;

		private boolean seen;

		private long since;

		Idle(ScriptState state) {
			this.state = state;
		}

	}

}
