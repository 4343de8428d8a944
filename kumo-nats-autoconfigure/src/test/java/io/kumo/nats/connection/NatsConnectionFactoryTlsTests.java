package io.kumo.nats.connection;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.kumo.nats.settings.InvalidNatsSettingException;
import io.kumo.nats.settings.NatsConnectionSettings;
import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.TestCertificates;
import io.nats.client.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * TLS keys against real TLS servers: trusted roots, host-name verification, client certificates
 * in every PEM key form, and {@code tls_first}.
 */
class NatsConnectionFactoryTlsTests {

	private static final TestCertificates certificates = TestCertificates.shared();

	private static NatsServer tlsServer;

	private static NatsServer mutualTlsServer;

	private final NatsConnectionRegistry registry = new NatsConnectionRegistry();

	@BeforeAll
	static void startServers() {
		tlsServer = NatsServer.builder().tls(certificates).monitoring().start();
		mutualTlsServer = NatsServer.builder().tls(certificates).requireClientCertificates().start();
	}

	@AfterAll
	static void stopServers() {
		tlsServer.close();
		mutualTlsServer.close();
	}

	@AfterEach
	void closeConnections() {
		this.registry.close();
	}

	@Test
	void connectsToATlsServerTrustingItsCa() {
		RegisteredNatsConnection registered = connect(
				settings(tlsServer).tlsRequired(true).certificate(certificates.caCert().toString()));
		assertThat(registered.connection().getStatus()).isEqualTo(Connection.Status.CONNECTED);
		assertThat(registered.connection().getConnectedUrl()).startsWith("nats://");
		assertThat(tlsServer.monitor("/connz")).contains("\"tls_version\"");
	}

	@Test
	void aTlsSchemeTurnsTlsOn() {
		RegisteredNatsConnection registered = connect(NatsConnectionSettings.builder()
			.servers(List.of("tls://" + tlsServer.address()))
			.certificate(certificates.caCert().toString()));
		assertThat(registered.connection().getStatus()).isEqualTo(Connection.Status.CONNECTED);
	}

	@Test
	void aServerSignedByAnotherCaIsRejected() {
		assertThatExceptionOfType(NatsConnectException.class).isThrownBy(
				() -> connect(settings(tlsServer).tlsRequired(true).certificate(certificates.otherCaCert().toString())));
		assertThat(this.registry.connections()).isEmpty();
	}

	@Test
	void withoutACertificateTheJvmRootsApplyAndRejectTheTestCa() {
		assertThatExceptionOfType(NatsConnectException.class)
			.isThrownBy(() -> connect(settings(tlsServer).tlsRequired(true)));
	}

	@Test
	void aServerCertificateForAnotherHostIsRejected() {
		try (NatsServer mismatched = NatsServer.builder().tlsWithMismatchedName(certificates).start()) {
			assertThatExceptionOfType(NatsConnectException.class)
				.isThrownBy(() -> connect(settings(mismatched).tlsRequired(true)
					.certificate(certificates.caCert().toString())))
				.withMessageContaining("No subject alternative");
		}
	}

	@Test
	void clientCertificateWithPkcs8KeyIsSentWhenRequired() {
		assertConnectsWithClientCertificate(certificates.clientCert(), certificates.clientKey());
	}

	@Test
	void clientCertificateWithPkcs1KeyIsSentWhenRequired() {
		assertConnectsWithClientCertificate(certificates.clientCert(), certificates.clientKeyPkcs1());
	}

	@Test
	void clientCertificateWithEcKeyIsSentWhenRequired() {
		assertConnectsWithClientCertificate(certificates.ecClientCert(), certificates.ecClientKey());
	}

	@Test
	void withoutClientCertificateAServerThatRequiresOneRefuses() {
		assertThatExceptionOfType(NatsConnectException.class).isThrownBy(
				() -> connect(settings(mutualTlsServer).certificate(certificates.caCert().toString())));
	}

	@Test
	void certificatesAreReadFromTheClasspath(@TempDir Path classpath) throws IOException {
		Files.copy(certificates.caCert(), classpath.resolve("ca.pem"));
		Files.copy(certificates.clientCert(), classpath.resolve("client.pem"));
		Files.copy(certificates.clientKey(), classpath.resolve("client-key.pem"));
		try (URLClassLoader classLoader = new URLClassLoader(new URL[] { classpath.toUri().toURL() }, null)) {
			RegisteredNatsConnection registered = connect(new DefaultResourceLoader(classLoader),
					settings(mutualTlsServer).certificate("classpath:ca.pem")
						.clientCert("classpath:client.pem")
						.clientKey("classpath:client-key.pem"));
			assertThat(registered.connection().getStatus()).isEqualTo(Connection.Status.CONNECTED);
		}
	}

	@Test
	void aKeyFileThatIsNotPemNamesTheSettingAndNotTheContent(@TempDir Path directory) throws IOException {
		Path key = Files.writeString(directory.resolve("key.pem"), "Secret-Key-Material-Not-Pem");
		assertThatExceptionOfType(InvalidNatsSettingException.class)
			.isThrownBy(() -> connect(settings(mutualTlsServer).clientCert(certificates.clientCert().toString())
				.clientKey(key.toString())))
			.satisfies((ex) -> assertThat(ex.getKey()).isEqualTo("client-cert"))
			.withMessageNotContaining("Secret-Key-Material");
	}

	@Test
	void tlsFirstConnectsToAHandshakeFirstServer() {
		try (NatsServer handshakeFirst = NatsServer.builder().tls(certificates).handshakeFirst().start()) {
			RegisteredNatsConnection registered = connect(
					settings(handshakeFirst).tlsFirst(true).certificate(certificates.caCert().toString()));
			assertThat(registered.connection().getStatus()).isEqualTo(Connection.Status.CONNECTED);
			assertThatExceptionOfType(NatsConnectException.class).isThrownBy(
					() -> connect(settings(handshakeFirst).tlsRequired(true).certificate(certificates.caCert().toString())));
		}
	}

	private void assertConnectsWithClientCertificate(Path certificate, Path key) {
		RegisteredNatsConnection registered = connect(settings(mutualTlsServer)
			.certificate(certificates.caCert().toString())
			.clientCert(certificate.toString())
			.clientKey(key.toString()));
		assertThat(registered.connection().getStatus()).isEqualTo(Connection.Status.CONNECTED);
	}

	private RegisteredNatsConnection connect(NatsConnectionSettings.Builder settings) {
		return connect(new DefaultResourceLoader(), settings);
	}

	private RegisteredNatsConnection connect(ResourceLoader resourceLoader, NatsConnectionSettings.Builder settings) {
		NatsConnectionFactory factory = new NatsConnectionFactory(this.registry,
				resourceLoader, null, List.of());
		return factory.connect("tls", NatsConnectionOrigin.CONFIGURATION, settings.build());
	}

	private static NatsConnectionSettings.Builder settings(NatsServer server) {
		return NatsConnectionSettings.builder()
			.servers(List.of(server.address()))
			.connectionTimeout(Duration.ofSeconds(2))
			.maxReconnects(1);
	}

}
