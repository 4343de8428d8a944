package io.kumo.nats.autoconfigure.testcontainers;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.nats.client.Connection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.testcontainers.lifecycle.TestcontainersLifecycleApplicationContextInitializer;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.boot.testcontainers.service.connection.ServiceConnectionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A {@code @ServiceConnection} NATS container replaces the servers of the primary connection. Needs
 * a Docker engine; without one the test is skipped, and the mapping is covered by
 * {@code NatsConnectionDetailsTests} against a real nats-server.
 */
class NatsContainerConnectionDetailsFactoryTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withInitializer(new TestcontainersLifecycleApplicationContextInitializer())
		.withConfiguration(AutoConfigurations.of(ServiceConnectionAutoConfiguration.class, NatsAutoConfiguration.class));

	@BeforeEach
	void requireDocker() {
		assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
				"No Docker engine answers here, so no NATS container can start");
	}

	@Test
	void containerReplacesTheServersOfThePrimaryConnection() {
		this.contextRunner.withUserConfiguration(NatsContainerConfiguration.class)
			.withPropertyValues("kumo.nats.connections.orders.servers=127.0.0.1:1")
			.run((context) -> {
				GenericContainer<?> container = context.getBean(GenericContainer.class);
				Connection connection = context.getBean(Connection.class);
				assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
				assertThat(connection.getConnectedUrl()).endsWith(":" + container.getMappedPort(4222));
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class NatsContainerConfiguration {

		@Bean
		@ServiceConnection
		GenericContainer<?> nats() {
			return new GenericContainer<>("nats:2.10").withExposedPorts(4222);
		}

	}

}
