package io.kumo.nats.lua;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The loaded states of one compiled script, lent to one call at a time. As in KumoMTA's own pool
 * of Lua contexts, a state belongs to no thread, so threads that come and go leave nothing
 * behind. At most {@link LuaStateLimits#maxStates()} exist; a call that finds them all busy waits
 * up to {@link LuaStateLimits#waitTimeout()} for one. The most recently used state is lent first,
 * so states beyond what the load needs stay unused until the sweeper releases them with their
 * clients. That state waits in a slot of its own, so a call that finds it there and gives it back
 * costs one atomic exchange each way; the other free states, the count and the waiting calls are
 * guarded by one lock. A state is loaded, and released, outside the lock.
 */
final class ScriptStatePool {

	private final String name;

	private final Supplier<ScriptState> loader;

	private final LuaStateLimits limits;

	private final IdleStateSweeper sweeper;

	private final AtomicReference<@Nullable ScriptState> mostRecent = new AtomicReference<>();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition returned = this.lock.newCondition();

	private final Deque<Idle> idle = new ArrayDeque<>();

	private int live;

	private volatile int waiting;

	private volatile boolean closed;

	ScriptStatePool(String name, Supplier<ScriptState> loader, LuaStateLimits limits, IdleStateSweeper sweeper) {
		this.name = name;
		this.loader = loader;
		this.limits = limits;
		this.sweeper = sweeper;
	}

	ScriptState borrow() {
		if (!this.closed) {
			ScriptState state = this.mostRecent.getAndSet(null);
			if (state != null) {
				return state;
			}
		}
		ScriptState state = take();
		if (state != null) {
			return state;
		}
		try {
			state = this.loader.get();
		}
		catch (RuntimeException | Error ex) {
			giveUp(null);
			throw ex;
		}
		if (!this.sweeper.watch(this)) {
			close();
			giveUp(state);
			throw closedFailure();
		}
		return state;
	}

	/**
	 * Takes a state back into the most recent slot, moving the one there among the other free
	 * states. A waiting call, or a close that ran meanwhile, is seen after the exchange, as each
	 * of them writes its own flag before it looks at the slot.
	 * @param state the state its call is done with
	 */
	void giveBack(ScriptState state) {
		ScriptState older = this.mostRecent.getAndSet(state);
		if (older == null && this.waiting == 0 && !this.closed) {
			return;
		}
		List<ScriptState> released = new ArrayList<>(1);
		this.lock.lock();
		try {
			if (older != null) {
				Idle entry = older.idleEntry();
				entry.seen = false;
				this.idle.offerFirst(entry);
			}
			if (this.closed) {
				releaseFree(released);
			}
			this.returned.signal();
		}
		finally {
			this.lock.unlock();
		}
		released.forEach(ScriptState::release);
	}

	/**
	 * Releases the states found idle by an earlier sweep at least the idle timeout ago. A state
	 * given back is stamped with the time of the first sweep that finds it, rather than the clock
	 * being read on every call: a state is never released before its idle timeout, and at most
	 * two sweep periods after it. The sweep moves the most recent state among the others, so
	 * that it is stamped alike.
	 * @param now the time of this sweep
	 */
	void sweep(long now) {
		long idleTimeout = this.limits.idleTimeout().toNanos();
		List<ScriptState> released = new ArrayList<>();
		this.lock.lock();
		try {
			for (Iterator<Idle> oldestFirst = this.idle.descendingIterator(); oldestFirst.hasNext();) {
				Idle entry = oldestFirst.next();
				if (!entry.seen) {
					entry.seen = true;
					entry.since = now;
				}
				else if (now - entry.since >= idleTimeout) {
					oldestFirst.remove();
					this.live--;
					released.add(entry.state);
				}
			}
			ScriptState recent = this.mostRecent.getAndSet(null);
			if (recent != null) {
				Idle entry = recent.idleEntry();
				entry.seen = true;
				entry.since = now;
				this.idle.offerFirst(entry);
			}
		}
		finally {
			this.lock.unlock();
		}
		released.forEach(ScriptState::release);
	}

	int liveStates() {
		this.lock.lock();
		try {
			return this.live;
		}
		finally {
			this.lock.unlock();
		}
	}

	void close() {
		List<ScriptState> released = new ArrayList<>();
		this.lock.lock();
		try {
			this.closed = true;
			releaseFree(released);
			this.returned.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		released.forEach(ScriptState::release);
	}

	/**
	 * Counts a call in, waiting for a state to come back when all are lent.
	 * @return the most recently used free state, or {@code null} when the caller is to load one
	 */
	private @Nullable ScriptState take() {
		long waitNanos = this.limits.waitTimeout().toNanos();
		this.lock.lock();
		this.waiting++;
		try {
			while (!this.closed) {
				ScriptState recent = this.mostRecent.getAndSet(null);
				if (recent != null) {
					return recent;
				}
				Idle entry = this.idle.pollFirst();
				if (entry != null) {
					return entry.state;
				}
				if (this.live < this.limits.maxStates()) {
					this.live++;
					return null;
				}
				if (waitNanos <= 0) {
					throw allBusy();
				}
				waitNanos = this.returned.awaitNanos(waitNanos);
			}
			throw closedFailure();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new NatsLuaScriptException(this.name, "interrupted while waiting for a free state", ex);
		}
		finally {
			this.waiting--;
			this.lock.unlock();
		}
	}

	/**
	 * Counts out a call whose state could not be loaded or watched.
	 * @param state the loaded state to release, or {@code null} when loading failed
	 */
	private void giveUp(@Nullable ScriptState state) {
		this.lock.lock();
		try {
			this.live--;
			this.returned.signal();
		}
		finally {
			this.lock.unlock();
		}
		if (state != null) {
			state.release();
		}
	}

	/**
	 * Counts out every free state of a closed pool, to be released once the lock is let go.
	 * @param released where the states go
	 */
	private void releaseFree(List<ScriptState> released) {
		ScriptState recent = this.mostRecent.getAndSet(null);
		if (recent != null) {
			this.live--;
			released.add(recent);
		}
		for (Idle entry = this.idle.pollLast(); entry != null; entry = this.idle.pollLast()) {
			this.live--;
			released.add(entry.state);
		}
	}

	private NatsLuaScriptException allBusy() {
		return new NatsLuaScriptException(this.name, "all " + this.limits.maxStates()
				+ " states of the script are busy and none came free within "
				+ this.limits.waitTimeout().toMillis() + " ms; raise kumo.nats.lua.max-states or "
				+ "kumo.nats.lua.state-wait-timeout", new TimeoutException("no free state"));
	}

	private NatsLuaScriptException closedFailure() {
		return new NatsLuaScriptException(this.name, "application is stopping (the Lua scripts runner was closed)",
				new IllegalStateException("closed"));
	}

	/**
	 * A state's place among the free ones and, once a sweep has seen it there, when that was.
	 * Each state keeps its own, so that taking one back allocates nothing.
	 */
	static final class Idle {

		private final ScriptState state;

		private boolean seen;

		private long since;

		Idle(ScriptState state) {
			this.state = state;
		}

	}

}
