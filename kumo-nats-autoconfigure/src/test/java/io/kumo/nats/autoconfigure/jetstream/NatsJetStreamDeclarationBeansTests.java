package io.kumo.nats.autoconfigure.jetstream;

import java.util.List;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.jetstream.NatsConsumerDeclaration;
import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link StreamConfiguration}, {@link NatsConsumerDeclaration} and {@link KeyValueConfiguration}
 * beans are declared on the connection their qualifier names, or on the primary connection.
 */
class NatsJetStreamDeclarationBeansTests {

	@RegisterExtension
	static final NatsServerExtension ordersServer = new NatsServerExtension(NatsServer.builder().jetStream());

	@RegisterExtension
	static final NatsServerExtension auditServer = new NatsServerExtension(NatsServer.builder().jetStream());

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, NatsJetStreamAutoConfiguration.class))
		.withPropertyValues("kumo.nats.connections.orders.servers=" + ordersServer.server().address(),
				"kumo.nats.connections.audit.servers=" + auditServer.server().address(),
				"kumo.nats.connections.audit.primary=true");

	@Test
	void beansLandOnTheQualifiedOrThePrimaryConnection() {
		this.contextRunner.withUserConfiguration(Declarations.class).run((context) -> {
			assertThat(context).hasNotFailed();
			try (Connection orders = Nats.connect("nats://" + ordersServer.server().address());
					Connection audit = Nats.connect("nats://" + auditServer.server().address())) {
				JetStreamManagement onOrders = orders.jetStreamManagement();
				JetStreamManagement onAudit = audit.jetStreamManagement();
				assertThat(onOrders.getStreamNames()).containsExactly("PAYMENTS");
				assertThat(onOrders.getConsumerNames("PAYMENTS")).containsExactly("ledger");
				assertThat(onAudit.getStreamNames()).containsExactlyInAnyOrder("TRAIL", "KV_flags");
				assertThat(audit.keyValueManagement().getBucketNames()).containsExactly("flags");
				assertThat(orders.keyValueManagement().getBucketNames()).isEmpty();
			}
		});
	}

	@Test
	void qualifierNamingNoConnectionFailsStartup() {
		this.contextRunner.withUserConfiguration(UnknownConnection.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("StreamConfiguration bean 'strayStream' is qualified 'billing', which names "
						+ "no connection under 'kumo.nats.connections' [orders, audit]"));
	}

	@Test
	void unqualifiedBeanWithoutPrimaryConnectionFailsStartup() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(NatsAutoConfiguration.class, NatsJetStreamAutoConfiguration.class))
			.withPropertyValues("kumo.nats.connections.orders.servers=" + ordersServer.server().address(),
					"kumo.nats.connections.audit.servers=" + auditServer.server().address())
			.withUserConfiguration(Unqualified.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("StreamConfiguration bean 'looseStream' has no @Qualifier and there is no "
						+ "primary NATS connection"));
	}

	@Configuration(proxyBeanMethods = false)
	static class Declarations {

		@Bean
		@Qualifier("orders")
		StreamConfiguration paymentsStream() {
			return StreamConfiguration.builder().name("PAYMENTS").subjects(List.of("payments.>")).build();
		}

		@Bean
		@Qualifier("orders")
		NatsConsumerDeclaration ledgerConsumer() {
			return new NatsConsumerDeclaration("PAYMENTS",
					ConsumerConfiguration.builder().durable("ledger").filterSubject("payments.settled").build());
		}

		@Bean
		StreamConfiguration trailStream() {
			return StreamConfiguration.builder().name("TRAIL").subjects(List.of("trail.>")).build();
		}

		@Bean
		KeyValueConfiguration flagsBucket() {
			return KeyValueConfiguration.builder().name("flags").maxHistoryPerKey(2).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnknownConnection {

		@Bean
		@Qualifier("billing")
		StreamConfiguration strayStream() {
			return StreamConfiguration.builder().name("STRAY").build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Unqualified {

		@Bean
		StreamConfiguration looseStream() {
			return StreamConfiguration.builder().name("LOOSE").build();
		}

	}

}
