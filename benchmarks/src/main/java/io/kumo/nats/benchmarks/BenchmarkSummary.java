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

	private static final List<String> BASELINES = List.of("rawJnats", "keptClient");

	private BenchmarkSummary() {
	}

	static String markdown(String machine, List<Collection<RunResult>> rounds, List<StartupMeasurement.Row> startup,
			List<HealthMeasurement.Row> health) {
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
			BenchmarkParams params = first.getParams();
			boolean sampled = params.getMode().shortLabel().equals("sample");
			List<RunResult> results = byRound.stream().map((round) -> round.get(key(first))).toList();
			List<Double> ratios = new ArrayList<>();
			for (Map<String, RunResult> round : byRound) {
				RunResult raw = baseline(round, first);
				if (raw != null) {
					ratios.add(sampled ? percentile(round.get(key(first)), 50) / percentile(raw, 50)
							: round.get(key(first)).getPrimaryResult().getScore() / raw.getPrimaryResult().getScore());
				}
			}
			markdown.append("| ")
				.append(method(params))
				.append(" | ")
				.append(parameters(params))
				.append(" | ")
				.append(params.getMode().shortLabel())
				.append(" | ")
				.append(Spread.of(results.stream().map((result) -> result.getPrimaryResult().getScore()).toList()).format(""))
				.append(" | ")
				.append(first.getPrimaryResult().getScoreUnit())
				.append(" | ")
				.append(sampled ? Spread.of(results.stream().map((result) -> percentile(result, 50)).toList()).format("") : "")
				.append(" | ")
				.append(sampled ? Spread.of(results.stream().map((result) -> percentile(result, 99)).toList()).format("") : "")
				.append(" | ")
				.append(ratios.isEmpty() ? "" : Spread.of(ratios).format(" x"))
				.append(" |\n");
		}
		markdown.append("\nThe baseline is raw jnats (`rawJnats`) or, for connect-per-message, the script that keeps its client "
				+ "(`keptClient`). For throughput (thrpt) a higher ratio is better; for latency (sample) the ratio is "
				+ "of the p50 latencies, and a lower one is better.\n");
		markdown.append("\n## Start-up\n\n| connections | context start (median of 5) | heap per connection | threads per connection |\n");
		markdown.append("|---:|---:|---:|---:|\n");
		for (StartupMeasurement.Row row : startup) {
			markdown.append(String.format(Locale.ROOT, "| %d | %d ms | %d KiB | %.1f |%n", row.connections(),
					row.medianMillis(), row.perConnection().heapBytes() / 1024, row.perConnection().threads()));
		}
		markdown.append("\n## Health\n\n| scenario | p50 | p99 | max |\n|---|---:|---:|---:|\n");
		for (HealthMeasurement.Row row : health) {
			markdown.append(String.format(Locale.ROOT, "| %s | %.2f ms | %.2f ms | %.2f ms |%n", row.scenario(),
					row.p50Millis(), row.p99Millis(), row.maxMillis()));
		}
		return markdown.toString();
	}

	private static double percentile(RunResult result, double percentile) {
		return result.getPrimaryResult().getStatistics().getPercentile(percentile);
	}

	private static String key(RunResult result) {
		BenchmarkParams params = result.getParams();
		return params.getBenchmark() + "|" + parameters(params) + "|" + params.getMode();
	}

	private static RunResult baseline(Map<String, RunResult> byKey, RunResult result) {
		BenchmarkParams params = result.getParams();
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
