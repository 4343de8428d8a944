package io.kumo.nats.lua;

import java.lang.management.ManagementFactory;

import com.sun.management.ThreadMXBean;
import org.jspecify.annotations.Nullable;

/**
 * The bytes the current thread has allocated so far, as the JVM counts them for each thread. A
 * run's memory use is the difference between two readings; where the JVM keeps no such count,
 * only the size of single strings is bounded.
 */
final class ThreadAllocations {

	private static final @Nullable ThreadMXBean THREADS = supported();

	private ThreadAllocations() {
	}

	static long current() {
		return (THREADS != null) ? THREADS.getCurrentThreadAllocatedBytes() : 0;
	}

	private static @Nullable ThreadMXBean supported() {
		if (ManagementFactory.getThreadMXBean() instanceof ThreadMXBean threads
				&& threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
			return threads;
		}
		return null;
	}

}
