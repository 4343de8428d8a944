package io.kumo.nats.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.kumo.nats.connection.NatsConnectionOrigin;
import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.lua.NatsLuaScript;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The benchmark policy called once from each of {@value #THREADS} threads that stay alive, as a
 * web server's request threads would call it, either one thread after another or all at once:
 * how many connections the script then holds, and the heap and threads that cost beyond the
 * callers' own threads.
 */
final class PolicyThreadsMeasurement {

	static final int THREADS = 200;

	private static final long TIMEOUT_SECONDS = 120;

	private PolicyThreadsMeasurement() {
	}

	static List<Row> measure() throws Exception {
		return List.of(measure(false), measure(true));
	}

	static Row measure(boolean atOnce) throws Exception {
		byte[] payload = new byte[128];
		try (ConfigurableApplicationContext context = BenchmarkServer.application()) {
			NatsLuaScript policy = BenchmarkScripts.compile(context);
			NatsConnectionRegistry registry = context.getBean(NatsConnectionRegistry.class);
			CountDownLatch release = new CountDownLatch(1);
			List<CountDownLatch> turns = new ArrayList<>();
			List<CompletableFuture<Object>> calls = new ArrayList<>();
			List<Thread> threads = new ArrayList<>();
			CountDownLatch ready = new CountDownLatch(THREADS);
			for (int i = 0; i < THREADS; i++) {
				CountDownLatch turn = new CountDownLatch(1);
				CompletableFuture<Object> call = new CompletableFuture<>();
				Thread thread = new Thread(() -> {
					try {
						ready.countDown();
						turn.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
						call.complete(policy.call("jetstream", payload));
					}
					catch (Throwable ex) {
						call.completeExceptionally(ex);
					}
					try {
						release.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				});
				thread.start();
				turns.add(turn);
				calls.add(call);
				threads.add(thread);
			}
			try {
				ready.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
				StartupMeasurement.Cost before = StartupMeasurement.Cost.now();
				for (int i = 0; i < THREADS; i++) {
					turns.get(i).countDown();
					if (!atOnce) {
						calls.get(i).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
					}
				}
				for (CompletableFuture<Object> call : calls) {
					call.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
				}
				StartupMeasurement.Cost after = StartupMeasurement.Cost.now();
				long connections = registry.connections()
					.stream()
					.filter((connection) -> connection.origin() == NatsConnectionOrigin.SCRIPT)
					.count();
				return new Row(atOnce ? "all at once" : "one after another", connections,
						after.heapBytes() - before.heapBytes(), Math.round(after.threads() - before.threads()));
			}
			finally {
				release.countDown();
				for (Thread thread : threads) {
					thread.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
				}
			}
		}
	}

	record Row(String calls, long connections, long heapBytes, long extraThreads) {
	}

}
