package io.kumo.nats.test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Locates the {@code nats-server} executable the same way on developer machines and in CI.
 */
final class NatsServerBinary {

	static final String ENVIRONMENT_VARIABLE = "nats_server_path";

	static final String SYSTEM_PROPERTY = "nats.server.path";

	private static final Path PROJECT_LOCAL = Paths.get(".nats", "usr", "sbin", "nats-server");

	private NatsServerBinary() {
	}

	static Path find() {
		return fromSetting(System.getenv(ENVIRONMENT_VARIABLE))
			.or(() -> fromSetting(System.getProperty(SYSTEM_PROPERTY)))
			.or(NatsServerBinary::fromProjectTree)
			.or(NatsServerBinary::fromPath)
			.orElseThrow(() -> new IllegalStateException("No nats-server binary found: set the environment variable "
					+ ENVIRONMENT_VARIABLE + " or the system property " + SYSTEM_PROPERTY
					+ " to its path, run scripts/nats-server to fetch it into .nats/, or put nats-server on the PATH"));
	}

	private static Optional<Path> fromSetting(String value) {
		if (value == null || value.isBlank() || value.contains("${")) {
			return Optional.empty();
		}
		Path path = Paths.get(value.trim());
		if (!Files.isExecutable(path)) {
			throw new IllegalStateException("nats-server configured via " + ENVIRONMENT_VARIABLE + " or "
					+ SYSTEM_PROPERTY + " is not an executable file: " + path);
		}
		return Optional.of(path);
	}

	private static Optional<Path> fromProjectTree() {
		for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path candidate = dir.resolve(PROJECT_LOCAL);
			if (Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	private static Optional<Path> fromPath() {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		for (String entry : path.split(File.pathSeparator)) {
			if (!entry.isEmpty()) {
				Path candidate = Paths.get(entry, "nats-server");
				if (Files.isExecutable(candidate)) {
					return Optional.of(candidate);
				}
			}
		}
		return Optional.empty();
	}

}
