package io.kumo.nats.observability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.kumo.nats.test.NatsServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code management.health.nats.enabled=false} removes the contributor from the health endpoint
 * while the connection and its meters stay.
 */
@SpringBootTest(classes = NatsObservabilityIntegrationTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.health.nats.enabled=false", "management.endpoint.health.show-details=always",
				"management.endpoints.web.exposure.include=health,metrics" })
@DirtiesContext
class NatsHealthDisabledIntegrationTests {

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void connections(DynamicPropertyRegistry registry) {
		registry.add("kumo.nats.connections.orders.servers", () -> nats.server().address());
	}

	@Test
	void healthHasNoNatsComponentButMetricsRemain() throws Exception {
		HttpResponse<String> health = get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		Map<String, Object> components = JsonPath.read(health.body(), "$.components");
		assertThat(components).isNotEmpty()
			.doesNotContainKey("nats");
		assertThat(get("/actuator/metrics/nats.messages.sent?tag=name:orders").statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
	}

}
