package io.kumo.nats.observability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.kumo.nats.connection.NatsConnectionFactory;
import io.kumo.nats.connection.NatsConnectionOrigin;
import io.kumo.nats.connection.RegisteredNatsConnection;
import io.kumo.nats.settings.NatsAuth;
import io.kumo.nats.settings.NatsConnectionSettings;
import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health and metrics over HTTP, for two configured connections to a password-protected server.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoint.health.show-details=always",
				"management.endpoints.web.exposure.include=health,metrics" })
@DirtiesContext
class NatsObservabilityIntegrationTests {

	private static final String USER = "kumo";

	private static final String PASSWORD = "Pa55-Recognisable-Secret-7f3a";

	private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

	private static final List<String> METERS = List.of("nats.messages.received", "nats.messages.sent",
			"nats.bytes.received", "nats.bytes.sent", "nats.reconnects", "nats.disconnects",
			"nats.connection.connected", "nats.requests.outstanding");

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension(
			NatsServer.builder().jetStream().user(USER, PASSWORD));

	private static final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	@Qualifier("orders")
	private Connection orders;

	@Autowired
	@Qualifier("audit")
	private Connection audit;

	@Autowired
	private NatsConnectionFactory connectionFactory;

	@DynamicPropertySource
	static void connections(DynamicPropertyRegistry registry) {
		for (String name : List.of("orders", "audit")) {
			String prefix = "kumo.nats.connections." + name + ".";
			registry.add(prefix + "servers", () -> nats.server().address());
			registry.add(prefix + "auth.username", () -> USER);
			registry.add(prefix + "auth.password", () -> PASSWORD);
			registry.add(prefix + "connection-timeout", () -> CONNECTION_TIMEOUT.toSeconds());
			registry.add(prefix + "ping-interval", () -> "10m");
		}
	}

	@Test
	void healthShowsEachConnectionUpWithDetails() {
		String body = get("/actuator/health").body();
		assertThat(read(body, "$.components.nats.status")).isEqualTo("UP");
		Map<String, Object> components = object(body, "$.components.nats.components");
		assertThat(components).containsOnlyKeys("audit", "orders");
		for (String name : List.of("audit", "orders")) {
			Map<String, Object> details = object(body, "$.components.nats.components." + name + ".details");
			assertThat(read(body, "$.components.nats.components." + name + ".status")).isEqualTo("UP");
			assertThat(details).containsEntry("status", "CONNECTED")
				.containsEntry("url", nats.server().url())
				.containsEntry("serverName", "kumo-test-" + nats.server().port())
				.containsEntry("origin", "configuration")
				.containsEntry("jetStream", true)
				.containsEntry("reconnects", 0)
				.containsKeys("serverId", "version", "roundTripMillis");
		}
		assertThat(body).doesNotContain(PASSWORD);
	}

	@Test
	void healthGoesDownPromptlyWhenTheServerStopsAndUpWhenItReturns() {
		nats.server().stop();
		try {
			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
				HttpResponse<String> response = get("/actuator/health");
				assertThat(response.statusCode()).isEqualTo(503);
				assertThat(read(response.body(), "$.components.nats.components.orders.status")).isEqualTo("DOWN");
				assertThat(read(response.body(), "$.components.nats.components.audit.status")).isEqualTo("DOWN");
			});
			HttpResponse<String> response = get("/actuator/health");
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(response.body()).doesNotContain(PASSWORD).doesNotContain("roundTripMillis");
		}
		finally {
			nats.server().restart();
		}
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			HttpResponse<String> response = get("/actuator/health");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(read(response.body(), "$.components.nats.status")).isEqualTo("UP");
		});
	}

	@Test
	void metricsCountExactlyWhatWasPublishedAndReceived() throws Exception {
		String subject = "observability.metrics";
		byte[] payload = "hello, metrics".getBytes(StandardCharsets.UTF_8);
		int count = 7;
		Subscription subscription = this.audit.subscribe(subject);
		this.audit.flush(CONNECTION_TIMEOUT);
		double sentBefore = count("nats.messages.sent", "orders");
		double sentBytesBefore = count("nats.bytes.sent", "orders");
		double receivedBefore = count("nats.messages.received", "audit");
		double receivedBytesBefore = count("nats.bytes.received", "audit");
		for (int i = 0; i < count; i++) {
			this.orders.publish(subject, payload);
		}
		String sid = null;
		for (int i = 0; i < count; i++) {
			Message message = subscription.nextMessage(CONNECTION_TIMEOUT);
			assertThat(message).isNotNull();
			sid = message.getSID();
		}
		long publishedWireBytes = ("PUB " + subject + " " + payload.length + "\r\n").length() + payload.length + 2;
		long deliveredWireBytes = ("MSG " + subject + " " + sid + " " + payload.length + "\r\n")
			.length() + payload.length + 2;
		assertThat(count("nats.messages.sent", "orders") - sentBefore).isEqualTo(count);
		assertThat(count("nats.bytes.sent", "orders") - sentBytesBefore).isEqualTo(count * publishedWireBytes);
		assertThat(count("nats.messages.received", "audit") - receivedBefore).isEqualTo(count);
		assertThat(count("nats.bytes.received", "audit") - receivedBytesBefore)
			.isEqualTo(count * deliveredWireBytes);
		assertThat(count("nats.messages.received", "orders")).isZero();
		String sent = get("/actuator/metrics/nats.bytes.sent?tag=name:orders").body();
		assertThat(read(sent, "$.baseUnit")).isEqualTo("bytes");
		assertThat(strings(sent, "$.availableTags[*].tag")).contains("origin");
		subscription.unsubscribe();
	}

	@Test
	void aScriptConnectionAppearsInHealthAndMetricsAndLeavesBothWhenClosed() {
		RegisteredNatsConnection scripted = this.connectionFactory.connect("scripted", NatsConnectionOrigin.SCRIPT,
				NatsConnectionSettings.builder()
					.servers(List.of(nats.server().address()))
					.auth(NatsAuth.of(USER, PASSWORD, null))
					.build());
		try {
			String health = get("/actuator/health").body();
			assertThat(read(health, "$.components.nats.components.scripted.status")).isEqualTo("UP");
			assertThat(read(health, "$.components.nats.components.scripted.details.origin")).isEqualTo("script");
			HttpResponse<String> metric = get("/actuator/metrics/nats.messages.sent?tag=name:scripted");
			assertThat(metric.statusCode()).isEqualTo(200);
			assertThat(strings(metric.body(), "$.availableTags[?(@.tag == 'origin')].values[0]"))
				.containsExactly("script");
		}
		finally {
			scripted.close();
		}
		Map<String, Object> components = object(get("/actuator/health").body(), "$.components.nats.components");
		assertThat(components).containsOnlyKeys("audit", "orders");
		for (String meter : METERS) {
			assertThat(get("/actuator/metrics/" + meter + "?tag=name:scripted").statusCode()).as(meter)
				.isEqualTo(404);
			assertThat(get("/actuator/metrics/" + meter + "?tag=name:orders").statusCode()).as(meter)
				.isEqualTo(200);
		}
	}

	@Test
	void noSecretInAnyNatsMeter() {
		String names = get("/actuator/metrics").body();
		List<String> natsMeters = (strings(names, "$.names")).stream()
			.filter((name) -> name.startsWith("nats."))
			.toList();
		assertThat(natsMeters).containsAll(METERS);
		for (String meter : natsMeters) {
			assertThat(get("/actuator/metrics/" + meter).body()).as(meter).doesNotContain(PASSWORD);
		}
		assertThat(names).doesNotContain(PASSWORD);
	}

	private double count(String meter, String connection) {
		HttpResponse<String> response = get("/actuator/metrics/" + meter + "?tag=name:" + connection);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return ((Number) read(response.body(), "$.measurements[0].value")).doubleValue();
	}

	private HttpResponse<String> get(String path) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(CONNECTION_TIMEOUT)
			.build();
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new AssertionError("GET " + path + " did not answer within " + CONNECTION_TIMEOUT, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	private static Object read(String json, String path) {
		return JsonPath.read(json, path);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> object(String json, String path) {
		return (Map<String, Object>) read(json, path);
	}

	@SuppressWarnings("unchecked")
	private static List<String> strings(String json, String path) {
		return (List<String>) read(json, path);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
