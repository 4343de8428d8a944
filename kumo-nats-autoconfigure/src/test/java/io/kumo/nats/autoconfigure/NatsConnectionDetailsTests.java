package io.kumo.nats.autoconfigure;

import java.util.List;

import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.settings.NatsAuth;
import io.kumo.nats.test.NatsServer;
import io.nats.client.Connection;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link NatsConnectionDetails} bean, as a service connection provides, replaces the servers
 * (and, when it has one, the login) of the connection it names or of the primary one, while the
 * other properties stay.
 */
class NatsConnectionDetailsTests {

	private static final String UNREACHABLE = "127.0.0.1:1";

	private static NatsServer server;

	private static NatsServer authServer;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class));

	@BeforeAll
	static void startServers() {
		server = NatsServer.builder().monitoring().start();
		authServer = NatsServer.builder().user("app", "Service-Pa55").start();
	}

	@AfterAll
	static void stopServers() {
		server.close();
		authServer.close();
	}

	@Test
	void detailsNamingAConnectionReplaceItsServersAndKeepItsOtherProperties() {
		this.contextRunner.withBean(NatsConnectionDetails.class, () -> details("audit", server, null))
			.withPropertyValues("kumo.nats.connections.orders.servers=" + server.address(),
					"kumo.nats.connections.audit.servers=" + UNREACHABLE,
					"kumo.nats.connections.audit.name=audit-client")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Connection audit = context.getBean("auditNatsConnection", Connection.class);
				assertThat(audit.getConnectedUrl()).isEqualTo("nats://" + server.address());
				assertThat(server.clientNames()).contains("audit-client");
			});
	}

	@Test
	void detailsNamingNoConnectionApplyToThePrimary() {
		this.contextRunner.withBean(NatsConnectionDetails.class, () -> details("nats", server, null))
			.withPropertyValues("kumo.nats.connections.orders.servers=" + UNREACHABLE,
					"kumo.nats.connections.orders.primary=true",
					"kumo.nats.connections.audit.servers=" + server.address())
			.run((context) -> assertThat(context.getBean(NatsConnectionRegistry.class).get("orders")
				.connection()
				.getConnectedUrl()).isEqualTo("nats://" + server.address()));
	}

	@Test
	void detailsWithALoginReplaceTheConfiguredOne() {
		this.contextRunner
			.withBean(NatsConnectionDetails.class,
					() -> details("orders", authServer, NatsAuth.of("app", "Service-Pa55", null)))
			.withPropertyValues("kumo.nats.connections.orders.servers=" + UNREACHABLE,
					"kumo.nats.connections.orders.auth.token=configured-token")
			.run((context) -> assertThat(context.getBean(Connection.class).getStatus())
				.isEqualTo(Connection.Status.CONNECTED));
	}

	@Test
	void detailsWithoutALoginKeepTheConfiguredOne() {
		this.contextRunner.withBean(NatsConnectionDetails.class, () -> details("orders", authServer, null))
			.withPropertyValues("kumo.nats.connections.orders.servers=" + UNREACHABLE,
					"kumo.nats.connections.orders.auth.username=app",
					"kumo.nats.connections.orders.auth.password=Service-Pa55")
			.run((context) -> assertThat(context.getBean(Connection.class).getStatus())
				.isEqualTo(Connection.Status.CONNECTED));
	}

	@Test
	void detailsThatMatchNoConnectionFailStartup() {
		this.contextRunner.withBean(NatsConnectionDetails.class, () -> details("nats", server, null))
			.withPropertyValues("kumo.nats.connections.orders.servers=" + server.address(),
					"kumo.nats.connections.audit.servers=" + server.address())
			.run((context) -> assertThat(context.getStartupFailure())
				.hasStackTraceContaining("match no connection under kumo.nats.connections"));
	}

	private static NatsConnectionDetails details(String name, NatsServer target, @Nullable NatsAuth auth) {
		return new NatsConnectionDetails() {

			@Override
			public String getConnectionName() {
				return name;
			}

			@Override
			public List<String> getServers() {
				return List.of(target.url());
			}

			@Override
			public @Nullable NatsAuth getAuth() {
				return auth;
			}

		};
	}

}
