package io.kumo.nats.autoconfigure.docker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.test.DockerEngine;
import io.kumo.nats.test.NatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot's Docker Compose support, against the real Compose v2, wires each {@code nats} service
 * into the connection named like the service, or into the primary one, with the login from the
 * service's environment or, when the login is in its command, from the connection's properties.
 * Needs a Docker engine with Compose v2 and the local {@code nats:2.10} image
 * ({@code scripts/test} provides them); without them the tests are skipped.
 */
class NatsDockerComposeIntegrationTests {

	private static final String UNREACHABLE = "127.0.0.1:1";

	private static NatsServer audit;

	@BeforeAll
	static void startServer() {
		audit = NatsServer.builder().start();
	}

	@BeforeEach
	void requireCompose() {
		DockerEngine.assumeComposeAvailable();
	}

	@AfterAll
	static void stopServer() {
		audit.close();
	}

	@Test
	void serviceReplacesTheServersOfTheConnectionNamedLikeIt() throws IOException {
		try (ConfigurableApplicationContext context = run("plain.yaml",
				"kumo.nats.connections.orders.servers=" + UNREACHABLE,
				"kumo.nats.connections.audit.servers=" + audit.address())) {
			assertConnected(context, "ordersNatsConnection");
			Connection other = context.getBean("auditNatsConnection", Connection.class);
			assertThat(other.getConnectedUrl()).isEqualTo("nats://" + audit.address());
		}
	}

	@Test
	void eachServiceReplacesTheServersOfItsOwnConnection() throws IOException {
		try (ConfigurableApplicationContext context = run("two-services.yaml",
				"kumo.nats.connections.orders.servers=" + UNREACHABLE,
				"kumo.nats.connections.audit.servers=" + UNREACHABLE)) {
			assertConnected(context, "ordersNatsConnection");
			assertConnected(context, "auditNatsConnection");
			assertThat(context.getBean("ordersNatsConnection", Connection.class).getConnectedUrl())
				.isNotEqualTo(context.getBean("auditNatsConnection", Connection.class).getConnectedUrl());
		}
	}

	@Test
	void loginInTheServiceCommandComesFromTheConnectionProperties() throws IOException {
		try (ConfigurableApplicationContext context = run("login-in-command.yaml",
				"kumo.nats.connections.orders.servers=" + UNREACHABLE,
				"kumo.nats.connections.orders.auth.username=kumo",
				"kumo.nats.connections.orders.auth.password=Compose-Command-Pa55",
				"kumo.nats.connections.audit.servers=" + audit.address())) {
			assertConnected(context, "ordersNatsConnection");
		}
	}

	@Test
	void loginInTheServiceEnvironmentIsUsedForThePrimaryConnection() throws IOException {
		try (ConfigurableApplicationContext context = run("login-in-environment.yaml",
				"kumo.nats.connections.orders.servers=" + UNREACHABLE)) {
			assertConnected(context, "ordersNatsConnection");
		}
	}

	private static void assertConnected(ConfigurableApplicationContext context, String connectionBean) {
		Connection connection = context.getBean(connectionBean, Connection.class);
		assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
		assertThat(connection.getConnectedUrl()).startsWith("nats://127.0.0.1:").isNotEqualTo("nats://" + UNREACHABLE);
	}

	private static ConfigurableApplicationContext run(String composeFile, String... properties) throws IOException {
		List<String> all = new ArrayList<>(List.of(properties));
		all.add("spring.docker.compose.file=" + new ClassPathResource(composeFile, NatsDockerComposeIntegrationTests.class)
			.getFile()
			.getAbsolutePath());
		all.add("spring.docker.compose.arguments=--project-name,kumo-nats-" + composeFile.replace(".yaml", ""));
		all.add("spring.docker.compose.skip.in-tests=false");
		all.add("spring.docker.compose.lifecycle-management=start-and-stop");
		all.add("spring.docker.compose.stop.command=down");
		all.add("spring.docker.compose.readiness.timeout=2m");
		return new SpringApplicationBuilder(ComposeApplication.class).web(WebApplicationType.NONE)
			.properties(all.toArray(String[]::new))
			.run();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(NatsAutoConfiguration.class)
	static class ComposeApplication {

	}

}
