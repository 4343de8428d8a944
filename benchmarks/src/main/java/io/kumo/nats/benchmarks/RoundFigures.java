package io.kumo.nats.benchmarks;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

/**
 * The figures of every round that the summary is computed from (score, p50 and p99 of each
 * benchmark), one CSV line each: small enough to keep in git where JMH's raw results, with their
 * histograms, are not.
 */
final class RoundFigures {

	static final String HEADER = "round,benchmark,params,mode,unit,score,p50,p99";

	private RoundFigures() {
	}

	static String csv(List<? extends Collection<RunResult>> rounds) {
		StringBuilder csv = new StringBuilder(HEADER).append('\n');
		for (int round = 0; round < rounds.size(); round++) {
			for (RunResult result : rounds.get(round)) {
				csv.append(line(round + 1, result)).append('\n');
			}
		}
		return csv.toString();
	}

	private static String line(int round, RunResult result) {
		BenchmarkParams params = result.getParams();
		Statistics statistics = result.getPrimaryResult().getStatistics();
		return String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%s,%s,%s", round, params.getBenchmark(), parameters(params),
				params.getMode().shortLabel(), result.getPrimaryResult().getScoreUnit(),
				result.getPrimaryResult().getScore(), statistics.getPercentile(50), statistics.getPercentile(99));
	}

	private static String parameters(BenchmarkParams params) {
		return params.getParamsKeys()
			.stream()
			.map((name) -> name + "=" + params.getParam(name))
			.collect(Collectors.joining(";"));
	}

}
