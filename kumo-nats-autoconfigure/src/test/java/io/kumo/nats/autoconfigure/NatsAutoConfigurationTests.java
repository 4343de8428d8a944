package io.kumo.nats.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.kumo.nats.connection.NatsConnectionOrigin;
import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.connection.NatsOptionsCustomizer;
import io.kumo.nats.connection.RegisteredNatsConnection;
import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.NatsServerExtension;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Connection beans from {@code kumo.nats.connections}: names, qualifiers, primary, the registry,
 * relaxed key spellings, and closing with the context.
 */
class NatsAutoConfigurationTests {

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension(NatsServer.builder().monitoring());

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class));

	@Test
	void withoutConnectionsOnlyTheInfrastructureIsThere() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(NatsConnectionRegistry.class).doesNotHaveBean(Connection.class);
			assertThat(context.getBean(NatsConnectionRegistry.class).connections()).isEmpty();
		});
	}

	@Test
	void theOnlyConnectionIsPrimary() {
		this.contextRunner.withPropertyValues("kumo.nats.connections.orders.servers=" + nats.server().address())
			.run((context) -> {
				assertThat(context).hasSingleBean(Connection.class).hasBean("ordersNatsConnection");
				assertThat(context.getBean(Connection.class).getStatus()).isEqualTo(Connection.Status.CONNECTED);
			});
	}

	@Test
	void connectionsAreInjectedByNameAndThePrimaryWithoutQualifier() {
		this.contextRunner.withUserConfiguration(Consumers.class)
			.withPropertyValues("kumo.nats.connections.orders.servers=" + nats.server().address(),
					"kumo.nats.connections.orders.name=orders-client",
					"kumo.nats.connections.audit.servers=" + nats.server().address(),
					"kumo.nats.connections.audit.name=audit-client", "kumo.nats.connections.audit.primary=true")
			.run((context) -> {
				Consumers consumers = context.getBean(Consumers.class);
				assertThat(consumers.orders.getOptions().getConnectionName()).isEqualTo("orders-client");
				assertThat(consumers.audit.getOptions().getConnectionName()).isEqualTo("audit-client");
				assertThat(consumers.primary).isSameAs(consumers.audit);
				assertThat(nats.server().clientNames()).contains("orders-client", "audit-client");
			});
	}

	@Test
	void severalConnectionsWithoutPrimaryNeedAQualifier() {
		this.contextRunner
			.withPropertyValues("kumo.nats.connections.orders.servers=" + nats.server().address(),
					"kumo.nats.connections.audit.servers=" + nats.server().address())
			.run((context) -> {
				assertThat(context).hasNotFailed().getBeans(Connection.class).hasSize(2);
				assertThatExceptionOfType(NoUniqueBeanDefinitionException.class)
					.isThrownBy(() -> context.getBean(Connection.class));
			});
	}

	@Test
	void theRegistryListsConfiguredConnectionsByName() {
		this.contextRunner
			.withPropertyValues("kumo.nats.connections.orders.servers=" + nats.server().address(),
					"kumo.nats.connections.audit.servers=" + nats.server().address())
			.run((context) -> {
				NatsConnectionRegistry registry = context.getBean(NatsConnectionRegistry.class);
				assertThat(registry.connections()).extracting(RegisteredNatsConnection::name)
					.containsExactlyInAnyOrder("orders", "audit");
				assertThat(registry.get("orders").origin()).isEqualTo(NatsConnectionOrigin.CONFIGURATION);
				assertThat(registry.get("orders").connection()).isSameAs(context.getBean("ordersNatsConnection"));
			});
	}

	@Test
	void connectionsCloseWithTheContext() {
		Connection[] connection = new Connection[1];
		this.contextRunner.withPropertyValues("kumo.nats.connections.orders.servers=" + nats.server().address())
			.run((context) -> connection[0] = context.getBean(Connection.class));
		assertThat(connection[0].getStatus()).isEqualTo(Connection.Status.CLOSED);
	}

	@Test
	void snakeCaseKeysAndBareSecondsWork() {
		this.contextRunner
			.withPropertyValues("kumo.nats.connections.orders.servers=" + nats.server().address(),
					"kumo.nats.connections.orders.no_echo=true", "kumo.nats.connections.orders.ping_interval=7",
					"kumo.nats.connections.orders.connection_timeout=3", "kumo.nats.connections.orders.inbox_prefix=_MINE",
					"kumo.nats.connections.orders.sender_capacity=64", "kumo.nats.connections.orders.request_timeout=250ms")
			.run((context) -> {
				RegisteredNatsConnection orders = context.getBean(NatsConnectionRegistry.class).get("orders");
				assertThat(orders.settings().noEcho()).isTrue();
				assertThat(orders.settings().pingInterval()).isEqualTo(Duration.ofSeconds(7));
				assertThat(orders.settings().connectionTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(orders.settings().inboxPrefix()).isEqualTo("_MINE");
				assertThat(orders.settings().senderCapacity()).isEqualTo(64);
				assertThat(orders.settings().requestTimeout()).isEqualTo(Duration.ofMillis(250));
				assertThat(orders.connection().getOptions().isNoEcho()).isTrue();
			});
	}

	@Test
	void optionsCustomizersApplyToEveryConnection() {
		this.contextRunner.withBean(NatsOptionsCustomizer.class,
				() -> (name, builder) -> builder.connectionName("customized-" + name))
			.withPropertyValues("kumo.nats.connections.orders.servers=" + nats.server().address())
			.run((context) -> assertThat(context.getBean(Connection.class).getOptions().getConnectionName())
				.isEqualTo("customized-orders"));
	}

	@Test
	void anUnreachableServerFailsStartupNamingTheConnection() {
		try (NatsServer down = NatsServer.builder().start()) {
			down.stop();
			this.contextRunner
				.withPropertyValues("kumo.nats.connections.orders.servers=" + down.address(),
						"kumo.nats.connections.audit.servers=" + nats.server().address())
				.run((context) -> assertThat(context.getStartupFailure())
					.hasStackTraceContaining("NATS connection 'orders' could not connect to [nats://" + down.address() + "]"));
		}
	}

	@Test
	void retryOnInitialConnectStartsWhileTheServerIsDown() {
		try (NatsServer down = NatsServer.builder().start()) {
			down.stop();
			this.contextRunner
				.withPropertyValues("kumo.nats.connections.orders.servers=" + down.address(),
						"kumo.nats.connections.orders.retry-on-initial-connect=true")
				.run((context) -> {
					assertThat(context).hasNotFailed().hasSingleBean(Connection.class);
					assertThat(context.getBean(Connection.class).getStatus()).isNotEqualTo(Connection.Status.CONNECTED);
				});
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Consumers {

		Connection orders;

		Connection audit;

		Connection primary;

		@Bean
		List<Connection> injected(@Qualifier("orders") Connection orders, @Qualifier("audit") Connection audit,
				Connection primary) {
			this.orders = orders;
			this.audit = audit;
			this.primary = primary;
			return List.of(orders, audit, primary);
		}

	}

}
