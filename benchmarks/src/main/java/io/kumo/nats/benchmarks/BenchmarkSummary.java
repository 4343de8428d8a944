package io.kumo.nats.benchmarks;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

/**
 * Renders benchmark results as Markdown tables, each result set beside raw jnats measured in the
 * same run.
 */
final class BenchmarkSummary {

	private static final List<String> BASELINES = List.of("rawJnats", "keptClient");

	private BenchmarkSummary() {
	}

	static String markdown(String machine, Collection<RunResult> jmh, List<StartupMeasurement.Row> startup,
			List<HealthMeasurement.Row> health) {
		StringBuilder markdown = new StringBuilder("# Benchmark results\n\n").append(machine).append("\n\n");
		markdown.append("| benchmark | params | mode | score | error | unit | p50 | p99 | vs baseline |\n");
		markdown.append("|---|---|---|---:|---:|---|---:|---:|---:|\n");
		Map<String, RunResult> byKey = jmh.stream()
			.collect(Collectors.toMap(BenchmarkSummary::key, (result) -> result, (first, second) -> first));
		for (RunResult result : jmh) {
			BenchmarkParams params = result.getParams();
			Result<?> primary = result.getPrimaryResult();
			Statistics statistics = primary.getStatistics();
			boolean sampled = params.getMode().shortLabel().equals("sample");
			RunResult raw = baseline(byKey, result);
			markdown.append("| ")
				.append(method(params))
				.append(" | ")
				.append(parameters(params))
				.append(" | ")
				.append(params.getMode().shortLabel())
				.append(" | ")
				.append(number(primary.getScore()))
				.append(" | ")
				.append(number(primary.getScoreError()))
				.append(" | ")
				.append(primary.getScoreUnit())
				.append(" | ")
				.append(sampled ? number(statistics.getPercentile(50)) : "")
				.append(" | ")
				.append(sampled ? number(statistics.getPercentile(99)) : "")
				.append(" | ")
				.append((raw != null) ? String.format(Locale.ROOT, "%.2f x", primary.getScore() / raw.getPrimaryResult().getScore())
						: "")
				.append(" |\n");
		}
		markdown.append("\nThe baseline is raw jnats (`rawJnats`) or, for connect-per-message, the script that keeps its client "
				+ "(`keptClient`). For throughput (thrpt) a higher ratio is better; for latency (sample) a lower one.\n");
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

	private static String number(double value) {
		return String.format(Locale.ROOT, (Math.abs(value) >= 100) ? "%.0f" : "%.2f", value);
	}

}
