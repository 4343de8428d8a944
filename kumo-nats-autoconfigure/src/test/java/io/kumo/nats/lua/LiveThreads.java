package io.kumo.nats.lua;

/**
 * Counts the JVM's live threads, leaving out the JDK HTTP client's, which the tests' own
 * monitoring requests start and keep for a while.
 */
final class LiveThreads {

	private LiveThreads() {
	}

	static long count() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.filter((thread) -> !thread.getName().startsWith("HttpClient"))
			.count();
	}

}
