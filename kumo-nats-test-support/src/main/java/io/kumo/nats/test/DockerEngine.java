package io.kumo.nats.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Decides whether tests that need a Docker engine (Testcontainers, Docker Compose) can run here,
 * asking the {@code docker} client with a time limit so that a missing engine means a quick skip
 * with one line saying why, never an error or a hang. Where {@code scripts/test} provided an engine
 * it sets {@code KUMO_NATS_DOCKER=required} (and {@code KUMO_NATS_COMPOSE=required} with Compose
 * v2): then an unusable engine fails the test instead of skipping it.
 */
public final class DockerEngine {

	static final String ENGINE_REQUIRED = "KUMO_NATS_DOCKER";

	static final String COMPOSE_REQUIRED = "KUMO_NATS_COMPOSE";

	private static final long TIMEOUT_SECONDS = 30;

	private static final Path MARKER_FILE = Path.of("/.dockerenv");

	private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

	private DockerEngine() {
	}

	/**
	 * Skips the calling test, or fails it where the engine is required, unless a Docker engine
	 * answers and Testcontainers can use it.
	 */
	public static void assumeAvailable() {
		check(engineUnavailableReason(), ENGINE_REQUIRED);
	}

	/**
	 * Like {@link #assumeAvailable()}, and also needs Compose v2, as Spring Boot's Docker Compose
	 * support does.
	 */
	public static void assumeComposeAvailable() {
		check(engineUnavailableReason().or(DockerEngine::composeUnavailableReason), COMPOSE_REQUIRED);
	}

	private static void check(Optional<String> reason, String requiredVariable) {
		if (reason.isEmpty()) {
			return;
		}
		String message = "Docker engine: " + reason.get();
		if ("required".equals(System.getenv(requiredVariable))) {
			Assertions.fail(message + " (" + requiredVariable + "=required)");
		}
		if (REPORTED.add(message)) {
			System.out.println("Skipping the tests that need Docker. " + message);
		}
		Assumptions.abort(message);
	}

	static Optional<String> engineUnavailableReason() {
		if (System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))) {
			return Optional.of("none runs here (no DOCKER_HOST, no /var/run/docker.sock); scripts/test starts one");
		}
		if (Files.exists(MARKER_FILE) && System.getenv("TESTCONTAINERS_HOST_OVERRIDE") == null) {
			return Optional.of(MARKER_FILE + " exists, so Testcontainers needs TESTCONTAINERS_HOST_OVERRIDE "
					+ "(scripts/test sets it)");
		}
		return answers("docker", "version", "--format", "{{.Server.Version}}") ? Optional.empty()
				: Optional.of("'docker version' gets no answer from the engine");
	}

	static Optional<String> composeUnavailableReason() {
		if (answersV2("docker", "compose", "version", "--format", "json")
				|| answersV2("docker-compose", "version", "--format", "json")) {
			return Optional.empty();
		}
		return Optional.of("no Compose v2 ('docker compose' or 'docker-compose'), which Spring Boot needs");
	}

	private static boolean answersV2(String... command) {
		Optional<String> output = run(command);
		return output.isPresent() && output.get().replace(" ", "").matches("(?s).*\"version\":\"v?2\\..*");
	}

	private static boolean answers(String... command) {
		return run(command).map((output) -> !output.isBlank()).orElse(false);
	}

	private static Optional<String> run(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			try {
				if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
					process.destroyForcibly();
					return Optional.empty();
				}
				String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				return (process.exitValue() == 0) ? Optional.of(output.trim()) : Optional.empty();
			}
			finally {
				process.destroyForcibly();
			}
		}
		catch (IOException ex) {
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
	}

}
