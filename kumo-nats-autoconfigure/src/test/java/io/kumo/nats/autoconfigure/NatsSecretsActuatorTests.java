package io.kumo.nats.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.kumo.nats.test.NatsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * NATS secrets are masked in {@code /actuator/env} and {@code /actuator/configprops}, even with
 * values shown, while the rest of the connection's properties stay visible.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=env,configprops",
				"management.endpoint.env.show-values=always", "management.endpoint.configprops.show-values=always" })
class NatsSecretsActuatorTests {

	private static final String PASSWORD = "Pa55-Visible-Nowhere";

	private static final String TOKEN = "T0ken-Visible-Nowhere";

	private static final NatsServer server = NatsServer.builder().user("app", PASSWORD).start();

	private static final NatsServer tokenServer = NatsServer.builder().token(TOKEN).start();

	@LocalServerPort
	private int port;

	@Value("${kumo.nats.connections.orders.name}")
	private String clientName;

	@DynamicPropertySource
	static void natsProperties(DynamicPropertyRegistry registry) {
		registry.add("kumo.nats.connections.orders.servers", server::address);
		registry.add("kumo.nats.connections.orders.name", () -> "visible-client-name");
		registry.add("kumo.nats.connections.orders.auth.username", () -> "app");
		registry.add("kumo.nats.connections.orders.auth.password", () -> PASSWORD);
		registry.add("kumo.nats.connections.audit.servers",
				() -> "nats://app:" + PASSWORD + "@" + server.address());
		registry.add("kumo.nats.connections.tokens.servers", tokenServer::address);
		registry.add("kumo.nats.connections.tokens.auth.token", () -> TOKEN);
	}

	@AfterAll
	static void stopServers() {
		server.close();
		tokenServer.close();
	}

	@Test
	void envMasksSecrets() throws Exception {
		String env = get("/actuator/env");
		assertThat(env).contains("kumo.nats.connections.orders.auth.password")
			.contains(this.clientName)
			.contains("******")
			.contains("nats://******@" + server.address())
			.doesNotContain(PASSWORD)
			.doesNotContain(TOKEN);
	}

	@Test
	void configpropsMasksSecrets() throws Exception {
		String configprops = get("/actuator/configprops");
		assertThat(configprops).contains("kumo.nats")
			.contains(this.clientName)
			.contains("******")
			.contains("nats://******@" + server.address())
			.doesNotContain(PASSWORD)
			.doesNotContain(TOKEN);
	}

	private String get(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	@SpringBootApplication
	static class ActuatorApplication {

	}

}
