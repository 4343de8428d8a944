package io.kumo.nats.lua;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Tells the budgets of calls that have run past the sandbox's time limit that their time is up,
 * so that a call does not read the clock when it starts: on a virtual machine's clock a reading
 * costs 20 to 30 ns, a quarter of what entering a script cost with it. A call is marked only once
 * it has been seen running for the whole time limit, never earlier; it is marked at most two
 * ticks after its limit, a tick being a twentieth of the limit (between 1 ms and 1 s). It is
 * scheduled on the scripts' timer only while some state is timed; a state is forgotten when it is
 * released, as all are when the application stops.
 */
final class TimeLimitWatchdog {

	private static final Duration MIN_TICK = Duration.ofMillis(1);

	private static final Duration MAX_TICK = Duration.ofSeconds(1);

	private static final int TICKS_PER_LIMIT = 20;

	private final Duration timeLimit;

	private final Duration tick;

	private final ScheduledThreadPoolExecutor timer;

	private final Set<InstructionBudget> budgets = new LinkedHashSet<>();

	private @Nullable ScheduledFuture<?> task;

	TimeLimitWatchdog(Duration timeLimit, ScheduledThreadPoolExecutor timer) {
		this.timeLimit = timeLimit;
		Duration tick = timeLimit.dividedBy(TICKS_PER_LIMIT);
		this.tick = (tick.compareTo(MIN_TICK) < 0) ? MIN_TICK : (tick.compareTo(MAX_TICK) > 0) ? MAX_TICK : tick;
		this.timer = timer;
	}

	/**
	 * Times the calls of a budget until it is {@linkplain #forget(InstructionBudget) forgotten},
	 * unless the sandbox sets no time limit.
	 * @param budget the budget of a new state
	 */
	synchronized void watch(InstructionBudget budget) {
		if (this.timeLimit.isZero()) {
			return;
		}
		this.budgets.add(budget);
		if (this.task == null) {
			this.task = this.timer.scheduleAtFixedRate(this::check, this.tick.toNanos(), this.tick.toNanos(),
					TimeUnit.NANOSECONDS);
		}
	}

	synchronized void forget(InstructionBudget budget) {
		this.budgets.remove(budget);
		if (this.budgets.isEmpty() && this.task != null) {
			this.task.cancel(false);
			this.task = null;
		}
	}

	/**
	 * Looks at every budget under the lock, so that what one tick remembered of a budget is seen
	 * by the next one, even on another thread.
	 */
	private synchronized void check() {
		long now = System.nanoTime();
		this.budgets.forEach((budget) -> budget.checkTime(now));
	}

}
