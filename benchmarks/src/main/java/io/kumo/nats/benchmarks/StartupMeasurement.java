package io.kumo.nats.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Time for an application context to start with 1, 10 and 50 configured connections, and the heap
 * and threads each connection costs.
 */
final class StartupMeasurement {

	private static final int RUNS = 5;

	private StartupMeasurement() {
	}

	static List<Row> measure(int... connectionCounts) {
		BenchmarkServer.application().close();
		List<Row> rows = new ArrayList<>();
		for (int count : connectionCounts) {
			long[] millis = new long[RUNS];
			for (int run = 0; run < RUNS; run++) {
				long start = System.nanoTime();
				BenchmarkServer.application(properties(count)).close();
				millis[run] = (System.nanoTime() - start) / 1_000_000;
			}
			Arrays.sort(millis);
			rows.add(new Row(count, millis[RUNS / 2], costPerConnection(count)));
		}
		return rows;
	}

	private static Cost costPerConnection(int count) {
		Cost before = Cost.now();
		try (ConfigurableApplicationContext context = BenchmarkServer.application(properties(count))) {
			Cost with = Cost.now();
			return new Cost((with.heapBytes() - before.heapBytes()) / count,
					(double) (with.threads() - before.threads()) / count);
		}
	}

	private static String[] properties(int count) {
		String[] properties = new String[count];
		for (int i = 0; i < count; i++) {
			properties[i] = "kumo.nats.connections.c" + i + ".servers=" + BenchmarkServer.url();
		}
		return properties;
	}

	record Row(int connections, long medianMillis, Cost perConnection) {
	}

	record Cost(long heapBytes, double threads) {

		static Cost now() {
			System.gc();
			System.gc();
			long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
			return new Cost(heap, ManagementFactory.getThreadMXBean().getThreadCount());
		}

	}

}
