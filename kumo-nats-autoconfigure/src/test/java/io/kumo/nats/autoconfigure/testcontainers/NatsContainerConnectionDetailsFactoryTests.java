package io.kumo.nats.autoconfigure.testcontainers;

import java.util.UUID;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.test.DockerEngine;
import io.kumo.nats.test.NatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.testcontainers.context.ImportTestcontainers;
import org.springframework.boot.testcontainers.lifecycle.TestcontainersLifecycleApplicationContextInitializer;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.boot.testcontainers.service.connection.ServiceConnectionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @ServiceConnection} NATS container replaces the servers of the connection named like the
 * container, or of the primary one, however the container is declared: the README's {@code @Bean}
 * method without a {@code name} ({@link ReadmeSnippet}, as the README has it), a {@code @Bean} with
 * the name {@code nats}, or a static field; the other connections keep their properties. Needs a Docker engine with the local {@code nats:2.10}
 * image ({@code scripts/test} provides both); without one the tests are skipped.
 */
class NatsContainerConnectionDetailsFactoryTests {

	private static final String UNREACHABLE = "127.0.0.1:1";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withInitializer(new TestcontainersLifecycleApplicationContextInitializer())
		.withConfiguration(AutoConfigurations.of(ServiceConnectionAutoConfiguration.class, NatsAutoConfiguration.class));

	@BeforeEach
	void requireDocker() {
		DockerEngine.assumeAvailable();
	}

	@Test
	void readmeSnippetWithoutANameReplacesTheServersOfThePrimaryConnection() {
		this.contextRunner.withUserConfiguration(ReadmeSnippet.class)
			.withPropertyValues("kumo.nats.connections.orders.servers=" + UNREACHABLE)
			.run((context) -> assertConnectedTo(context, "ordersNatsConnection", context.getBean(GenericContainer.class)));
	}

	@Test
	void beanNamedNatsReplacesTheServersOfThePrimaryConnection() {
		this.contextRunner.withUserConfiguration(NamedContainer.class)
			.withPropertyValues("kumo.nats.connections.orders.servers=" + UNREACHABLE)
			.run((context) -> assertConnectedTo(context, "ordersNatsConnection", context.getBean(GenericContainer.class)));
	}

	@Test
	void staticFieldContainerReplacesTheServersOfThePrimaryConnection() {
		this.contextRunner.withUserConfiguration(FieldContainer.class)
			.withPropertyValues("kumo.nats.connections.orders.servers=" + UNREACHABLE)
			.run((context) -> assertConnectedTo(context, "ordersNatsConnection", FieldContainer.nats));
	}

	@Test
	void containerReplacesTheServersOfTheConnectionNamedLikeItAndLeavesTheOthers() {
		try (NatsServer orders = NatsServer.builder().start()) {
			this.contextRunner.withUserConfiguration(AuditContainer.class)
				.withPropertyValues("kumo.nats.connections.orders.servers=" + orders.address(),
						"kumo.nats.connections.orders.primary=true",
						"kumo.nats.connections." + AuditContainer.AUDIT + ".servers=" + UNREACHABLE)
				.run((context) -> {
					assertConnectedTo(context, AuditContainer.AUDIT + "NatsConnection",
							context.getBean(GenericContainer.class));
					assertThat(context.getBean("ordersNatsConnection", Connection.class).getConnectedUrl())
						.isEqualTo("nats://" + orders.address());
				});
		}
	}

	@Test
	void containerOfAnotherBeanNameNeedsTheServiceName() {
		this.contextRunner.withUserConfiguration(UnnamedBroker.class)
			.withPropertyValues("kumo.nats.connections.orders.servers=" + UNREACHABLE)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("You may need to add a 'name' to your @ServiceConnection annotation"));
	}

	private static void assertConnectedTo(AssertableApplicationContext context, String connectionBean,
			GenericContainer<?> container) {
		assertThat(context).hasNotFailed();
		Connection connection = context.getBean(connectionBean, Connection.class);
		assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
		assertThat(connection.getConnectedUrl()).endsWith(":" + container.getMappedPort(4222));
	}

	@Configuration(proxyBeanMethods = false)
	static class ReadmeSnippet {

		@Bean
		@ServiceConnection
		GenericContainer<?> nats() {
			return new GenericContainer<>("nats:2.10").withExposedPorts(4222);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NamedContainer {

		@Bean
		@ServiceConnection(name = "nats")
		GenericContainer<?> broker() {
			return new GenericContainer<>("nats:2.10").withExposedPorts(4222);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportTestcontainers
	static class FieldContainer {

		@ServiceConnection
		static GenericContainer<?> nats = new GenericContainer<>("nats:2.10").withExposedPorts(4222);

	}

	@Configuration(proxyBeanMethods = false)
	static class AuditContainer {

		static final String AUDIT = "audit-" + UUID.randomUUID().toString().substring(0, 8);

		@Bean
		@ServiceConnection
		GenericContainer<?> nats() {
			return new GenericContainer<>("nats:2.10").withExposedPorts(4222)
				.withCreateContainerCmdModifier((command) -> command.withName(AUDIT));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnnamedBroker {

		@Bean
		@ServiceConnection
		GenericContainer<?> broker() {
			return new GenericContainer<>("nats:2.10").withExposedPorts(4222);
		}

	}

}
