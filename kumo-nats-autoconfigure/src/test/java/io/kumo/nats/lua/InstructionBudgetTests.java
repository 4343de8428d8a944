package io.kumo.nats.lua;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaError;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The time limit as the {@link TimeLimitWatchdog}'s ticks apply it: a call is found over its limit
 * only once it has been seen running for the whole limit, and a mark never reaches a later call.
 */
class InstructionBudgetTests {

	private static final long MILLIS = Duration.ofMillis(1).toNanos();

	private final InstructionBudget budget = new InstructionBudget(0, Duration.ofMillis(100), 0);

	@Test
	void aCallIsOverItsLimitOnlyOnceSeenRunningForAllOfIt() {
		this.budget.start();
		this.budget.checkTime(10 * MILLIS);
		this.budget.checkTime(109 * MILLIS);
		assertThatNoException().isThrownBy(() -> this.budget.charge(1));
		this.budget.checkTime(110 * MILLIS);
		assertThatExceptionOfType(LuaError.class).isThrownBy(() -> this.budget.charge(1))
			.withMessage("script stopped: it exceeded its time limit of 100 ms");
		assertThatExceptionOfType(LuaError.class).isThrownBy(() -> this.budget.charge(1))
			.withMessageContaining("time limit");
	}

	@Test
	void theNextCallStartsWithItsWholeLimit() {
		this.budget.start();
		this.budget.checkTime(0);
		this.budget.checkTime(100 * MILLIS);
		this.budget.start();
		assertThatNoException().isThrownBy(() -> this.budget.charge(1));
		this.budget.checkTime(150 * MILLIS);
		this.budget.checkTime(249 * MILLIS);
		assertThatNoException().isThrownBy(() -> this.budget.charge(1));
		this.budget.checkTime(250 * MILLIS);
		assertThatExceptionOfType(LuaError.class).isThrownBy(() -> this.budget.charge(1))
			.withMessageContaining("time limit of 100 ms");
	}

	@Test
	void anIdleStateMarkedLongAgoDoesNotStopItsNextCall() {
		this.budget.start();
		this.budget.checkTime(0);
		for (long tick = 1; tick <= 50; tick++) {
			this.budget.checkTime(tick * 10 * MILLIS);
		}
		this.budget.start();
		assertThatNoException().isThrownBy(() -> this.budget.charge(1));
	}

}
