package io.kumo.nats.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.kumo.nats.test.NatsServer;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code /actuator/health} latency with 50 connections, all up, and with the server of half of
 * them stopped, beside the same application without NATS. Each scenario is measured once the
 * JIT has compiled the request path, as a running service would answer: {@value #WARMUP}
 * requests first, then {@value #REQUESTS} measured ones.
 */
final class HealthMeasurement {

	private static final int CONNECTIONS = 50;

	private static final int WARMUP = 5_000;

	private static final int REQUESTS = 5_000;

	private HealthMeasurement() {
	}

	static List<Row> measure() throws Exception {
		List<Row> rows = new ArrayList<>();
		HttpClient client = HttpClient.newHttpClient();
		try (ConfigurableApplicationContext baseline = BenchmarkServer.webApplication(properties(null, 0))) {
			rows.add(latency("baseline: the same application without NATS connections", client, health(baseline), 200));
		}
		try (NatsServer second = NatsServer.builder().start();
				ConfigurableApplicationContext context = BenchmarkServer.webApplication(properties(second, CONNECTIONS))) {
			rows.add(latency("50 connections, all up", client, health(context), 200));
			second.stop();
			rows.add(latency("50 connections, 25 with their server down", client, health(context), 503));
		}
		return rows;
	}

	private static URI health(ConfigurableApplicationContext context) {
		return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port")
				+ "/actuator/health");
	}

	private static Row latency(String scenario, HttpClient client, URI health, int expectedStatus)
			throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(30)).build();
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != expectedStatus) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("health never answered " + expectedStatus + " for " + scenario);
			}
		}
		for (int i = 0; i < WARMUP; i++) {
			client.send(request, HttpResponse.BodyHandlers.discarding());
		}
		long[] nanos = new long[REQUESTS];
		for (int i = 0; i < REQUESTS; i++) {
			long start = System.nanoTime();
			HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
			nanos[i] = System.nanoTime() - start;
			if (response.statusCode() != expectedStatus) {
				throw new IllegalStateException("health answered " + response.statusCode() + " during " + scenario);
			}
		}
		Arrays.sort(nanos);
		return new Row(scenario, millis(nanos[REQUESTS / 2]), millis(nanos[REQUESTS * 99 / 100]),
				millis(nanos[REQUESTS - 1]));
	}

	private static double millis(long nanos) {
		return nanos / 1_000_000.0;
	}

	private static String[] properties(@Nullable NatsServer second, int connections) {
		List<String> properties = new ArrayList<>(List.of("server.port=0",
				"management.endpoints.web.exposure.include=health", "management.endpoint.health.show-details=always"));
		for (int i = 0; i < connections; i++) {
			String url = (i % 2 == 0) ? BenchmarkServer.url() : second.url();
			properties.add("kumo.nats.connections.c" + i + ".servers=" + url);
		}
		return properties.toArray(String[]::new);
	}

	record Row(String scenario, double p50Millis, double p99Millis, double maxMillis) {
	}

}
