package io.kumo.nats.lua;

import java.time.Duration;

/**
 * How many Lua states a compiled script keeps for {@link NatsLuaScript#call}, how long a call
 * waits for one when all are busy, and how long an unused state lives on.
 *
 * @param maxStates the most states one compiled script has at a time
 * @param waitTimeout how long a call waits for a free state when all are busy
 * @param idleTimeout how long a state stays unused before it is released with its clients
 */
public record LuaStateLimits(int maxStates, Duration waitTimeout, Duration idleTimeout) {

	/** Default most states per compiled script. */
	public static final int DEFAULT_MAX_STATES = 256;

	/** Default wait for a free state. */
	public static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofSeconds(10);

	/** Default time an unused state lives on. */
	public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

	public LuaStateLimits {
		if (maxStates < 1) {
			throw new IllegalArgumentException("max-states must be at least 1, got " + maxStates);
		}
		if (waitTimeout.isNegative()) {
			throw new IllegalArgumentException("state-wait-timeout must be zero (do not wait) or positive");
		}
		if (idleTimeout.isNegative() || idleTimeout.isZero()) {
			throw new IllegalArgumentException("state-idle-timeout must be a duration greater than zero");
		}
	}

	/**
	 * The defaults: up to 256 states per script, a 10 s wait, released after 60 s unused.
	 * @return the default limits
	 */
	public static LuaStateLimits defaults() {
		return new LuaStateLimits(DEFAULT_MAX_STATES, DEFAULT_WAIT_TIMEOUT, DEFAULT_IDLE_TIMEOUT);
	}

}
