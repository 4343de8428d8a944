package io.kumo.nats.autoconfigure.diagnostics;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.TestCertificates;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A connection that cannot be configured or opened stops the application with Spring Boot's
 * failure-analysis report, naming the connection and the property, never the secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class NatsFailureAnalysisTests {

	private static final String SECRET = "Wr0ng-Secret-Value";

	@Test
	void unreachableServer(CapturedOutput output) {
		try (NatsServer server = NatsServer.builder().start()) {
			server.stop();
			start("kumo.nats.connections.orders.servers=" + server.address());
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("NATS connection 'orders' could not connect to [nats://" + server.address() + "]")
				.contains("Check that a NATS server is running at [nats://" + server.address() + "]")
				.contains("'kumo.nats.connections.orders.retry-on-initial-connect' to true");
		}
	}

	@Test
	void authorizationViolation(CapturedOutput output) {
		try (NatsServer server = NatsServer.builder().user("app", "Right-Secret-Value").start()) {
			start("kumo.nats.connections.orders.servers=" + server.address(),
					"kumo.nats.connections.orders.auth.username=app",
					"kumo.nats.connections.orders.auth.password=" + SECRET);
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("Authorization Violation")
				.contains("The server refused the login. Check the credentials the connection uses")
				.contains("'kumo.nats.connections.orders.auth.username' and 'kumo.nats.connections.orders.auth.password', "
						+ "'kumo.nats.connections.orders.auth.token', 'kumo.nats.connections.orders.auth.nkey' or "
						+ "'kumo.nats.connections.orders.auth.credentials'")
				.doesNotContain(SECRET)
				.doesNotContain("Right-Secret-Value");
		}
	}

	@Test
	void tlsFailure(CapturedOutput output) {
		TestCertificates certificates = TestCertificates.shared();
		try (NatsServer server = NatsServer.builder().tls(certificates).start()) {
			start("kumo.nats.connections.orders.servers=" + server.address(),
					"kumo.nats.connections.orders.certificate=" + certificates.otherCaCert());
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("The TLS handshake failed. Check that 'kumo.nats.connections.orders.certificate'");
		}
	}

	@Test
	void tlsRequiredAgainstAServerWithoutTls(CapturedOutput output) {
		try (NatsServer server = NatsServer.builder().start()) {
			start("kumo.nats.connections.orders.servers=" + server.address(),
					"kumo.nats.connections.orders.tls-required=true");
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("The connection requires TLS, but the server does not offer TLS.")
				.contains("The server at [nats://" + server.address() + "] does not offer TLS. Enable TLS on the server")
				.contains("remove 'kumo.nats.connections.orders.tls-required'")
				.doesNotContain("The TLS handshake failed");
		}
	}

	@Test
	void plainConnectionToAServerThatRequiresTls(CapturedOutput output) {
		try (NatsServer server = NatsServer.builder().tls(TestCertificates.shared()).start()) {
			start("kumo.nats.connections.orders.servers=" + server.address());
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("The server requires TLS, but the connection does not use it.")
				.contains("Set 'kumo.nats.connections.orders.tls-required' to true or use tls:// addresses");
		}
	}

	@Test
	void credentialsInAServerUrlAreMaskedButTheHostIsShown(CapturedOutput output) {
		try (NatsServer server = NatsServer.builder().start()) {
			server.stop();
			start("kumo.nats.connections.orders.servers=nats://app:" + SECRET + "@" + server.address());
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("could not connect to [nats://******@" + server.address() + "]")
				.contains("Check that a NATS server is running at [nats://******@" + server.address() + "]")
				.doesNotContain(SECRET);
		}
	}

	@Test
	void unknownConnectionKey(CapturedOutput output) {
		start("kumo.nats.connections.orders.servers=127.0.0.1:1", "kumo.nats.connections.orders.conection-timeout=5s");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Unknown NATS properties:")
			.contains("'kumo.nats.connections.orders.conection-timeout' (from ")
			.contains(": did you mean connection-timeout?")
			.contains("Each connection under 'kumo.nats.connections.<name>' accepts: auth.credentials, auth.nkey, "
					+ "auth.password, auth.token, auth.username, certificate, client-cert, client-key, connection-timeout,")
			.doesNotContain("Value:");
	}

	@Test
	void mistypedSecretKeyDoesNotShowTheSecret(CapturedOutput output) {
		start("kumo.nats.connections.orders.servers=127.0.0.1:1", "kumo.nats.connections.orders.auth.username=app",
				"kumo.nats.connections.orders.auth.pasword=" + SECRET);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("'kumo.nats.connections.orders.auth.pasword'")
			.contains("did you mean auth.password?")
			.doesNotContain(SECRET);
	}

	@Test
	void unknownLuaKey(CapturedOutput output) {
		start("kumo.nats.lua.timout=5s");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("'kumo.nats.lua.timout'")
			.contains("did you mean lua.timeout?")
			.contains("Under 'kumo.nats' there are 'connections.<name>.*' and: ");
	}

	@Test
	void severalConnectionsAndNonePrimary(CapturedOutput output) {
		try (NatsServer server = NatsServer.builder().start()) {
			start(ConnectionUser.class, "kumo.nats.connections.orders.servers=" + server.address(),
					"kumo.nats.connections.audit.servers=" + server.address(),
					"kumo.nats.connections.billing.servers=" + server.address());
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("Parameter 0 of constructor in " + ConnectionUser.class.getName()
						+ " required a single NATS Connection, but 3 connections are configured under "
						+ "'kumo.nats.connections' [")
				.contains("] and none is primary.")
				.contains("Set 'primary: true' on the connection to inject where no qualifier is given")
				.containsPattern("'kumo\\.nats\\.connections\\.(orders|audit|billing)\\.primary=true'")
				.doesNotContain("Consider marking one of the beans as @Primary");
		}
	}

	@Test
	void severalJetStreamsAndNonePrimary(CapturedOutput output) {
		try (NatsServer server = NatsServer.builder().jetStream().start()) {
			start(JetStreamUser.class, "kumo.nats.connections.orders.servers=" + server.address(),
					"kumo.nats.connections.audit.servers=" + server.address());
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("required a single NATS JetStream, but 2 connections are configured")
				.contains("Set 'primary: true' on the connection");
		}
	}

	@Test
	void aPrimaryConnectionIsInjectedWithoutAQualifier() {
		try (NatsServer server = NatsServer.builder().start()) {
			SpringApplication application = new SpringApplication(NatsApplication.class, ConnectionUser.class);
			application.setWebApplicationType(WebApplicationType.NONE);
			try (var context = application.run("--kumo.nats.connections.orders.servers=" + server.address(),
					"--kumo.nats.connections.audit.servers=" + server.address(),
					"--kumo.nats.connections.audit.primary=true")) {
				assertThat(context.getBean(ConnectionUser.class).connection())
					.isSameAs(context.getBean("auditNatsConnection"));
			}
		}
	}

	@Test
	void badConfiguration(CapturedOutput output) {
		start("kumo.nats.connections.orders.servers=127.0.0.1:1",
				"kumo.nats.connections.orders.client-cert=/etc/client.pem");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The NATS connection property 'kumo.nats.connections.orders.client-key' is invalid: "
					+ "must be set when client-cert is set.")
			.contains("Update 'kumo.nats.connections.orders.client-key' in your application's configuration.");
	}

	private static void start(String... properties) {
		start(NatsApplication.class, properties);
	}

	private static void start(Class<?> component, String... properties) {
		SpringApplication application = new SpringApplication(NatsApplication.class, component);
		application.setWebApplicationType(WebApplicationType.NONE);
		String[] args = new String[properties.length];
		for (int i = 0; i < properties.length; i++) {
			args[i] = "--" + properties[i];
		}
		assertThatException().isThrownBy(() -> application.run(args));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(NatsAutoConfiguration.class)
	static class NatsApplication {

	}

	record ConnectionUser(Connection connection) {

	}

	record JetStreamUser(JetStream jetStream) {

	}

}
