package io.kumo.nats.lua;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What a script may reach beyond the safe standard library and {@code kumo.nats}, and how long it
 * may run. Everything that reaches the JVM or the file system is off unless switched on here.
 *
 * @param luajava whether scripts get {@code luajava}, which reaches every Java class
 * @param io whether scripts get {@code io}, the whole {@code os} library, {@code dofile} and
 * {@code loadfile}
 * @param binaryChunks whether {@code load} accepts precompiled chunks
 * @param requirePath the {@code package.path} that {@code require} searches for Lua files, or
 * {@code null} for no {@code require}
 * @param secretsDirectory the directory that {@code auth.token_file} and {@code auth.password_file}
 * may read from, or {@code null} to refuse them
 * @param maxInstructions the Lua instructions one run or call may execute, {@code 0} for no limit
 * @param timeout how long one run or call may take, zero for no limit
 * @param maxMemory the bytes one run or call may allocate, which also bounds the size of any one
 * string, {@code 0} for no limit
 */
public record LuaSandbox(boolean luajava, boolean io, boolean binaryChunks, @Nullable String requirePath,
		@Nullable Path secretsDirectory, long maxInstructions, Duration timeout, long maxMemory) {

	/** Default instruction budget of a run or call. */
	public static final long DEFAULT_MAX_INSTRUCTIONS = 10_000_000;

	/** Default time budget of a run or call. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

	/** Default memory limit of a run or call: 256 MiB. */
	public static final long DEFAULT_MAX_MEMORY = 256L * 1024 * 1024;

	public LuaSandbox {
		if (maxInstructions < 0) {
			throw new IllegalArgumentException("maxInstructions must be 0 (no limit) or positive");
		}
		if (timeout.isNegative()) {
			throw new IllegalArgumentException("timeout must be zero (no limit) or positive");
		}
		if (maxMemory < 0) {
			throw new IllegalArgumentException("maxMemory must be 0 (no limit) or positive");
		}
	}

	/**
	 * A sandbox with the default memory limit.
	 * @param luajava whether scripts get {@code luajava}
	 * @param io whether scripts get {@code io} and the whole {@code os} library
	 * @param binaryChunks whether {@code load} accepts precompiled chunks
	 * @param requirePath the {@code package.path} of {@code require}, or {@code null}
	 * @param secretsDirectory the directory secrets may be read from, or {@code null}
	 * @param maxInstructions the instruction budget, {@code 0} for no limit
	 * @param timeout the time budget, zero for no limit
	 */
	public LuaSandbox(boolean luajava, boolean io, boolean binaryChunks, @Nullable String requirePath,
			@Nullable Path secretsDirectory, long maxInstructions, Duration timeout) {
		this(luajava, io, binaryChunks, requirePath, secretsDirectory, maxInstructions, timeout, DEFAULT_MAX_MEMORY);
	}

	/**
	 * The safe default: nothing beyond the safe standard library, the default budgets.
	 * @return the default sandbox
	 */
	public static LuaSandbox defaults() {
		return new LuaSandbox(false, false, false, null, null, DEFAULT_MAX_INSTRUCTIONS, DEFAULT_TIMEOUT,
				DEFAULT_MAX_MEMORY);
	}

	/**
	 * This sandbox with other budgets.
	 * @param maxInstructions the instruction budget, {@code 0} for no limit
	 * @param timeout the time budget, zero for no limit
	 * @return a new sandbox
	 */
	public LuaSandbox withBudget(long maxInstructions, Duration timeout) {
		return new LuaSandbox(this.luajava, this.io, this.binaryChunks, this.requirePath, this.secretsDirectory,
				maxInstructions, timeout, this.maxMemory);
	}

	/**
	 * This sandbox with another memory limit.
	 * @param maxMemory the bytes a run or call may allocate, {@code 0} for no limit
	 * @return a new sandbox
	 */
	public LuaSandbox withMaxMemory(long maxMemory) {
		return new LuaSandbox(this.luajava, this.io, this.binaryChunks, this.requirePath, this.secretsDirectory,
				this.maxInstructions, this.timeout, maxMemory);
	}

}
