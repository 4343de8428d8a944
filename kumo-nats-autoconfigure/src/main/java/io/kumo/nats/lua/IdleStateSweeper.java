package io.kumo.nats.lua;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Releases the states that compiled scripts have not used for their idle timeout, whether or not
 * another call comes. It watches only pools that have states, so a script that is no longer used
 * is not kept reachable, and it is scheduled on the scripts' timer only while some pool has states.
 */
final class IdleStateSweeper implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(IdleStateSweeper.class);

	private static final Duration MIN_PERIOD = Duration.ofMillis(10);

	private final Duration period;

	private final ScheduledThreadPoolExecutor timer;

	private final Set<ScriptStatePool> pools = new LinkedHashSet<>();

	private @Nullable ScheduledFuture<?> task;

	private boolean closed;

	IdleStateSweeper(Duration idleTimeout, ScheduledThreadPoolExecutor timer) {
		Duration half = idleTimeout.dividedBy(2);
		this.period = (half.compareTo(MIN_PERIOD) < 0) ? MIN_PERIOD : half;
		this.timer = timer;
	}

	/**
	 * Watches a pool that has states, until it has none left.
	 * @return {@code false} when the sweeper is closed and the pool should close too
	 */
	synchronized boolean watch(ScriptStatePool pool) {
		if (this.closed) {
			return false;
		}
		this.pools.add(pool);
		if (this.task == null) {
			this.task = this.timer.scheduleWithFixedDelay(this::sweep, this.period.toNanos(), this.period.toNanos(),
					TimeUnit.NANOSECONDS);
		}
		return true;
	}

	private void sweep() {
		List<ScriptStatePool> watched;
		synchronized (this) {
			watched = new ArrayList<>(this.pools);
		}
		long now = System.nanoTime();
		for (ScriptStatePool pool : watched) {
			try {
				pool.sweep(now);
			}
			catch (RuntimeException ex) {
				logger.warn("Releasing idle Lua states failed", ex);
			}
		}
		synchronized (this) {
			this.pools.removeIf((pool) -> pool.liveStates() == 0);
			if (this.pools.isEmpty() && this.task != null) {
				this.task.cancel(false);
				this.task = null;
			}
		}
	}

	/**
	 * Stops sweeping and releases every state the watched pools hold.
	 */
	@Override
	public void close() {
		List<ScriptStatePool> watched;
		synchronized (this) {
			this.closed = true;
			watched = new ArrayList<>(this.pools);
			this.pools.clear();
			if (this.task != null) {
				this.task.cancel(false);
				this.task = null;
			}
		}
		watched.forEach(ScriptStatePool::close);
	}

}
