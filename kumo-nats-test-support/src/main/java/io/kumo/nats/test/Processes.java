package io.kumo.nats.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Remembers every started server process and temporary directory so that nothing outlives the JVM.
 */
final class Processes {

	private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

	private static final Set<Path> DIRECTORIES = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(Processes::cleanUp, "kumo-nats-test-cleanup"));
	}

	private Processes() {
	}

	static void register(Process process) {
		RUNNING.add(process);
	}

	static void registerDirectory(Path directory) {
		DIRECTORIES.add(directory);
	}

	static void terminate(Process process, long timeoutMillis) {
		try {
			process.destroy();
			if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		finally {
			RUNNING.remove(process);
		}
	}

	static void deleteDirectory(Path directory) {
		DIRECTORIES.remove(directory);
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach(Processes::deleteQuietly);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot delete " + directory, ex);
		}
	}

	private static void deleteQuietly(Path path) {
		try {
			Files.deleteIfExists(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot delete " + path, ex);
		}
	}

	private static void cleanUp() {
		RUNNING.forEach(Process::destroyForcibly);
		for (Process process : Set.copyOf(RUNNING)) {
			try {
				process.waitFor(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		for (Path directory : Set.copyOf(DIRECTORIES)) {
			try {
				deleteDirectory(directory);
			}
			catch (UncheckedIOException ex) {
				System.err.println("kumo-nats-test: " + ex.getMessage());
			}
		}
	}

}
