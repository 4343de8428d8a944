package io.kumo.nats.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.kumo.nats.test.NatsServer;
import io.nats.client.Connection;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StorageType;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Starts one local nats-server, runs every benchmark against it, and writes a Markdown summary and
 * the figures of every round it is computed from ({@code rounds.csv}) to the results directory, and
 * JMH's raw results (JSON, with histograms, kept out of git) to its {@code raw} folder. The benchmarks run in
 * rounds (three, or {@code -Dbenchmark.rounds}), each one fork of every benchmark, so that both sides of a comparison
 * are measured close together in time in every round: on a shared machine, the ratio within a
 * round holds better than scores taken minutes apart.
 */
public final class BenchmarkMain {

	private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 3);

	private static final String EVERYTHING = ".*";

	private BenchmarkMain() {
	}

	public static void main(String[] args) throws Exception {
		Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
		String include = (args.length > 1) ? args[1] : EVERYTHING;
		Path raw = results.resolve("raw");
		Files.createDirectories(raw);
		try (NatsServer server = NatsServer.builder().jetStream().start()) {
			System.setProperty(BenchmarkServer.URL_PROPERTY, server.url());
			createStream();
			List<Collection<RunResult>> rounds = new ArrayList<>();
			for (int round = 1; round <= ROUNDS; round++) {
				rounds.add(new Runner(options(include, server, raw.resolve("jmh-round-" + round + ".json"))).run());
			}
			boolean everything = include.equals(EVERYTHING);
			List<StartupMeasurement.Row> startup = everything ? StartupMeasurement.measure(1, 10, 50) : List.of();
			List<HealthMeasurement.Row> health = everything ? HealthMeasurement.measure() : List.of();
			List<PolicyThreadsMeasurement.Row> policy = everything ? PolicyThreadsMeasurement.measure() : List.of();
			String summary = BenchmarkSummary.markdown(machine(), rounds, startup, health, policy);
			Files.writeString(results.resolve("summary.md"), summary);
			Files.writeString(results.resolve("rounds.csv"), RoundFigures.csv(rounds));
			System.out.println(summary);
		}
	}

	private static Options options(String include, NatsServer server, Path result) {
		return new OptionsBuilder().include(include)
			.forks(1)
			.warmupIterations(5)
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(5)
			.measurementTime(TimeValue.seconds(2))
			.jvmArgsAppend("-D" + BenchmarkServer.URL_PROPERTY + "=" + server.url(), "-Xmx1g")
			.resultFormat(ResultFormatType.JSON)
			.result(result.toString())
			.build();
	}

	private static void createStream() throws Exception {
		try (Connection connection = BenchmarkServer.rawConnection()) {
			connection.jetStreamManagement()
				.addStream(StreamConfiguration.builder()
					.name(BenchmarkServer.STREAM)
					.subjects(BenchmarkServer.STREAM_SUBJECT)
					.storageType(StorageType.Memory)
					.maxMessages(100_000)
					.build());
		}
	}

	private static String machine() throws IOException, InterruptedException {
		Runtime runtime = Runtime.getRuntime();
		return "Run " + Instant.now() + " on " + runtime.availableProcessors() + " cores, "
				+ (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
						? os.getTotalMemorySize() / (1024 * 1024 * 1024) + " GiB" : "? GiB")
				+ ", Java " + System.getProperty("java.version") + ", " + serverVersion() + ".";
	}

	private static String serverVersion() throws IOException, InterruptedException {
		String binary = System.getenv().getOrDefault("nats_server_path", "nats-server");
		Process process = new ProcessBuilder(binary, "--version").redirectErrorStream(true).start();
		String version = new String(process.getInputStream().readAllBytes()).strip();
		process.waitFor();
		return version;
	}

}
