package io.kumo.nats.autoconfigure;

import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.TestCertificates;
import io.nats.client.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connections over Spring SSL bundles, PEM and JKS, with and without client certificates, and
 * with host-name verification still on.
 */
class NatsSslBundleTests {

	private static final TestCertificates certificates = TestCertificates.shared();

	private static NatsServer tlsServer;

	private static NatsServer mutualTlsServer;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, NatsAutoConfiguration.class))
		.withPropertyValues("spring.ssl.bundle.pem.trusting.truststore.certificate=" + certificates.caCert(),
				"spring.ssl.bundle.pem.client.truststore.certificate=" + certificates.caCert(),
				"spring.ssl.bundle.pem.client.keystore.certificate=" + certificates.clientCert(),
				"spring.ssl.bundle.pem.client.keystore.private-key=" + certificates.clientKey(),
				"spring.ssl.bundle.jks.jks-trusting.truststore.location=" + certificates.truststoreJks(),
				"spring.ssl.bundle.jks.jks-trusting.truststore.password=" + TestCertificates.PASSWORD,
				"spring.ssl.bundle.jks.jks-client.truststore.location=" + certificates.truststoreJks(),
				"spring.ssl.bundle.jks.jks-client.truststore.password=" + TestCertificates.PASSWORD,
				"spring.ssl.bundle.jks.jks-client.keystore.location=" + certificates.clientKeystoreJks(),
				"spring.ssl.bundle.jks.jks-client.keystore.password=" + TestCertificates.PASSWORD);

	@BeforeAll
	static void startServers() {
		tlsServer = NatsServer.builder().tls(certificates).start();
		mutualTlsServer = NatsServer.builder().tls(certificates).requireClientCertificates().start();
	}

	@AfterAll
	static void stopServers() {
		tlsServer.close();
		mutualTlsServer.close();
	}

	@Test
	void pemBundle() {
		assertConnects(tlsServer, "trusting");
	}

	@Test
	void pemBundleWithClientCertificate() {
		assertConnects(mutualTlsServer, "client");
	}

	@Test
	void jksBundle() {
		assertConnects(tlsServer, "jks-trusting");
	}

	@Test
	void jksBundleWithClientCertificate() {
		assertConnects(mutualTlsServer, "jks-client");
	}

	@Test
	void withoutClientCertificateTheServerRefuses() {
		this.contextRunner.withPropertyValues("kumo.nats.connections.orders.servers=" + mutualTlsServer.address(),
				"kumo.nats.connections.orders.connection-timeout=2s", "kumo.nats.connections.orders.ssl.bundle=trusting")
			.run((context) -> assertThat(context.getStartupFailure())
				.hasStackTraceContaining("NATS connection 'orders' could not connect"));
	}

	@Test
	void hostNameVerificationStaysOn() {
		try (NatsServer mismatched = NatsServer.builder().tlsWithMismatchedName(certificates).start()) {
			this.contextRunner
				.withPropertyValues("kumo.nats.connections.orders.servers=" + mismatched.address(),
						"kumo.nats.connections.orders.ssl.bundle=trusting")
				.run((context) -> assertThat(context.getStartupFailure())
					.hasStackTraceContaining("No subject alternative"));
		}
	}

	@Test
	void bundleAndPemFilesTogetherFailStartup() {
		this.contextRunner.withPropertyValues("kumo.nats.connections.orders.servers=" + tlsServer.address(),
				"kumo.nats.connections.orders.ssl.bundle=trusting",
				"kumo.nats.connections.orders.certificate=" + certificates.caCert())
			.run((context) -> assertThat(context.getStartupFailure()).hasStackTraceContaining(
					"Invalid property 'kumo.nats.connections.orders.ssl.bundle': cannot be combined with certificate"));
	}

	@Test
	void unknownBundleFailsStartup() {
		this.contextRunner
			.withPropertyValues("kumo.nats.connections.orders.servers=" + tlsServer.address(),
					"kumo.nats.connections.orders.ssl.bundle=missing")
			.run((context) -> assertThat(context.getStartupFailure()).hasStackTraceContaining(
					"Invalid property 'kumo.nats.connections.orders.ssl.bundle': there is no SSL bundle named 'missing'"));
	}

	private void assertConnects(NatsServer server, String bundle) {
		this.contextRunner
			.withPropertyValues("kumo.nats.connections.orders.servers=" + server.address(),
					"kumo.nats.connections.orders.ssl.bundle=" + bundle)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(Connection.class).getStatus()).isEqualTo(Connection.Status.CONNECTED);
			});
	}

}
