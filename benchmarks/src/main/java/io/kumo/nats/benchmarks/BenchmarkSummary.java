package io.kumo.nats.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;

/**
 * Renders benchmark results as Markdown tables, each result beside raw jnats measured in the
 * same round.
 */
final class BenchmarkSummary {

	private static final List<String> BASELINES = List.of("rawJnats", "keptClient", "javaListener", "plainLuaj");

	private BenchmarkSummary() {
	}

	static String markdown(String machine, List<Collection<RunResult>> rounds, List<StartupMeasurement.Row> startup,
			List<HealthMeasurement.Row> health, List<PolicyThreadsMeasurement.Row> policy) {
		StringBuilder markdown = new StringBuilder("# Benchmark results\n\n").append(machine).append("\n\n");
		markdown.append("Each figure is the median of " + rounds.size() + " rounds, one fork each, with the range over "
				+ "the rounds in brackets. A ratio is taken within each round, against the baseline measured in the "
				+ "same round, and then the median of those is shown.\n\n");
		markdown.append("| benchmark | params | mode | score | unit | p50 | p99 | vs baseline |\n");
		markdown.append("|---|---|---|---:|---|---:|---:|---:|\n");
		List<Map<String, RunResult>> byRound = rounds.stream()
			.map((round) -> round.stream()
				.collect(Collectors.toMap(BenchmarkSummary::key, (result) -> result, (first, second) -> first)))
			.toList();
		for (RunResult first : rounds.get(0)) {
			markdown.append(row(first.getParams(), byRound));
		}
		markdown.append("\nThe baseline is raw jnats (`rawJnats`), or, for connect-per-message, the script that keeps its "
				+ "client (`keptClient`), or, for Lua handlers, the same echo as a Java listener (`javaListener`), or, for entering a script, the same "
				+ "call on plain LuaJ (`plainLuaj`). For throughput (thrpt) a higher ratio is better; for latency (sample) the ratio is "
				+ "of the p50 latencies, and a lower one is better.\n");
		if (!startup.isEmpty()) {
			markdown.append(startupSection(startup));
		}
		if (!health.isEmpty()) {
			markdown.append(healthSection(health));
		}
		if (!policy.isEmpty()) {
			markdown.append(policySection(policy));
		}
		return markdown.toString();
	}

	private static String startupSection(List<StartupMeasurement.Row> startup) {
		StringBuilder markdown = new StringBuilder(
				"\n## Start-up\n\n| connections | context start (median of 5) | heap per connection | threads per connection |\n");
		markdown.append("|---:|---:|---:|---:|\n");
		for (StartupMeasurement.Row row : startup) {
			markdown.append(String.format(Locale.ROOT, "| %d | %d ms | %d KiB | %.1f |%n", row.connections(),
					row.medianMillis(), row.perConnection().heapBytes() / 1024, row.perConnection().threads()));
		}
		return markdown.toString();
	}

	private static String healthSection(List<HealthMeasurement.Row> health) {
		StringBuilder markdown = new StringBuilder("\n## Health\n\n| scenario | p50 | p99 | max |\n|---|---:|---:|---:|\n");
		for (HealthMeasurement.Row row : health) {
			markdown.append(String.format(Locale.ROOT, "| %s | %.2f ms | %.2f ms | %.2f ms |%n", row.scenario(),
					row.p50Millis(), row.p99Millis(), row.maxMillis()));
		}
		return markdown.toString();
	}

	private static String policySection(List<PolicyThreadsMeasurement.Row> policy) {
		StringBuilder markdown = new StringBuilder("\n## Lua policy on " + PolicyThreadsMeasurement.THREADS + " threads\n\n")
			.append("The benchmark script called once from each of " + PolicyThreadsMeasurement.THREADS
					+ " threads, which stay alive.\n\n")
			.append("| calls | script connections | heap | threads beyond the callers |\n|---|---:|---:|---:|\n");
		for (PolicyThreadsMeasurement.Row row : policy) {
			markdown.append(String.format(Locale.ROOT, "| %s | %d | %d KiB | %d |%n", row.calls(), row.connections(),
					row.heapBytes() / 1024, row.extraThreads()));
		}
		return markdown.toString();
	}

	/**
	 * One benchmark over the rounds that measured it; a ratio only from a round that measured
	 * the baseline too.
	 */
	private static String row(BenchmarkParams params, List<Map<String, RunResult>> byRound) {
		boolean sampled = params.getMode().shortLabel().equals("sample");
		List<Double> scores = new ArrayList<>();
		List<Double> p50s = new ArrayList<>();
		List<Double> p99s = new ArrayList<>();
		List<Double> ratios = new ArrayList<>();
		String unit = "";
		for (Map<String, RunResult> round : byRound) {
			RunResult result = round.get(key(params));
			if (result == null) {
				continue;
			}
			unit = result.getPrimaryResult().getScoreUnit();
			scores.add(result.getPrimaryResult().getScore());
			p50s.add(percentile(result, 50));
			p99s.add(percentile(result, 99));
			RunResult baseline = baseline(round, params);
			if (baseline != null) {
				ratios.add(sampled ? percentile(result, 50) / percentile(baseline, 50)
						: result.getPrimaryResult().getScore() / baseline.getPrimaryResult().getScore());
			}
		}
		return "| " + method(params) + " | " + parameters(params) + " | " + params.getMode().shortLabel() + " | "
				+ Spread.of(scores).format("") + " | " + unit + " | " + (sampled ? Spread.of(p50s).format("") : "")
				+ " | " + (sampled ? Spread.of(p99s).format("") : "") + " | "
				+ (ratios.isEmpty() ? "" : Spread.of(ratios).format(" x")) + " |\n";
	}

	private static double percentile(RunResult result, double percentile) {
		return result.getPrimaryResult().getStatistics().getPercentile(percentile);
	}

	private static String key(RunResult result) {
		return key(result.getParams());
	}

	private static String key(BenchmarkParams params) {
		return params.getBenchmark() + "|" + parameters(params) + "|" + params.getMode();
	}

	private static RunResult baseline(Map<String, RunResult> byKey, BenchmarkParams params) {
		String type = params.getBenchmark().substring(0, params.getBenchmark().lastIndexOf('.') + 1);
		return BASELINES.stream()
			.map((method) -> byKey.get(type + method + "|" + parameters(params) + "|" + params.getMode()))
			.filter((candidate) -> candidate != null)
			.findFirst()
			.orElse(null);
	}

	private static String method(BenchmarkParams params) {
		String benchmark = params.getBenchmark();
		String type = benchmark.substring(0, benchmark.lastIndexOf('.'));
		return type.substring(type.lastIndexOf('.') + 1) + "." + benchmark.substring(benchmark.lastIndexOf('.') + 1);
	}

	private static String parameters(BenchmarkParams params) {
		return params.getParamsKeys()
			.stream()
			.map((name) -> name + "=" + params.getParam(name))
			.collect(Collectors.joining(", "));
	}

}
