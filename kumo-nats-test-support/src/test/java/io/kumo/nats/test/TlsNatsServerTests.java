package io.kumo.nats.test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TlsNatsServerTests {

	private final TestCertificates certificates = TestCertificates.shared();

	@Test
	void tlsServerAcceptsClientTrustingTheCa() throws Exception {
		try (NatsServer server = NatsServer.builder().tls(this.certificates).start();
				Connection connection = Nats.connect(Clients.options(server)
					.sslContext(TestCertificates.sslContext(this.certificates.truststoreP12(), null))
					.build())) {
			assertThat(server.url()).isEqualTo("tls://127.0.0.1:" + server.port());
			assertThat(connection.getServerInfo().isTLSRequired()).isTrue();
		}
	}

	@Test
	void tlsServerRejectsClientTrustingAnotherCa() {
		try (NatsServer server = NatsServer.builder().tls(this.certificates).start()) {
			SSLContext wrongCa = TestCertificates.sslContext(this.certificates.otherCaTruststoreP12(), null);
			assertThatThrownBy(() -> Nats.connect(Clients.expectingFailure(server).sslContext(wrongCa).build()))
				.isInstanceOf(IOException.class);
		}
	}

	@Test
	void clientCertificateIsRequired() throws Exception {
		try (NatsServer server = NatsServer.builder().tls(this.certificates).requireClientCertificates().start()) {
			try (Connection connection = Nats
				.connect(Clients.options(server).sslContext(this.certificates.clientSslContextWithCertificate()).build())) {
				assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
			}
			assertThatThrownBy(() -> Nats
				.connect(Clients.expectingFailure(server).sslContext(this.certificates.clientSslContext()).build()))
				.isInstanceOf(IOException.class);
		}
	}

	@Test
	void handshakeFirstServerAcceptsTlsFirstClient() throws Exception {
		try (NatsServer server = NatsServer.builder().tls(this.certificates).handshakeFirst().start();
				Connection connection = Nats
					.connect(Clients.options(server).sslContext(this.certificates.clientSslContext()).tlsFirst().build())) {
			assertThat(server.isHandshakeFirst()).isTrue();
			assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
		}
	}

	@Test
	void mismatchedServerFailsHostNameVerification() throws Exception {
		try (NatsServer matching = NatsServer.builder().tls(this.certificates).handshakeFirst().start();
				NatsServer mismatched = NatsServer.builder()
					.tlsWithMismatchedName(this.certificates)
					.handshakeFirst()
					.start()) {
			handshakeVerifyingHostName(matching);
			assertThatThrownBy(() -> handshakeVerifyingHostName(mismatched)).isInstanceOf(SSLHandshakeException.class)
				.hasMessageContaining("127.0.0.1");
		}
	}

	private void handshakeVerifyingHostName(NatsServer server) throws IOException {
		SSLContext context = this.certificates.clientSslContext();
		try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(server.host(), server.port())) {
			SSLParameters parameters = socket.getSSLParameters();
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
			socket.setSSLParameters(parameters);
			socket.startHandshake();
		}
	}

	@Test
	void certificatesHaveExpectedNames() throws Exception {
		assertThat(subjectAlternativeNames(this.certificates.serverCert())).containsExactlyInAnyOrder("127.0.0.1",
				"0:0:0:0:0:0:0:1", "localhost");
		assertThat(subjectAlternativeNames(this.certificates.mismatchedServerCert()))
			.containsExactly("wrong-name.invalid");
	}

	private static List<String> subjectAlternativeNames(Path pem) throws Exception {
		try (InputStream in = Files.newInputStream(pem)) {
			X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
				.generateCertificate(in);
			Collection<List<?>> names = certificate.getSubjectAlternativeNames();
			return names.stream().map((name) -> name.get(1).toString()).collect(Collectors.toList());
		}
	}

	@Test
	void keyFilesHaveExpectedPemHeaders() throws Exception {
		assertThat(read(this.certificates.serverKey())).startsWith("-----BEGIN PRIVATE KEY-----");
		assertThat(read(this.certificates.clientKey())).startsWith("-----BEGIN PRIVATE KEY-----");
		assertThat(read(this.certificates.clientKeyPkcs1())).startsWith("-----BEGIN RSA PRIVATE KEY-----");
		assertThat(read(this.certificates.ecClientKey())).startsWith("-----BEGIN EC PRIVATE KEY-----");
		assertThat(read(this.certificates.ecClientCert())).startsWith("-----BEGIN CERTIFICATE-----");
		assertThat(read(this.certificates.otherCaCert())).startsWith("-----BEGIN CERTIFICATE-----");
	}

	@Test
	void keyStoresOpenWithChangeit() throws Exception {
		assertThat(load("PKCS12", this.certificates.truststoreP12()).isCertificateEntry("kumo-nats-test-ca")).isTrue();
		assertThat(load("JKS", this.certificates.truststoreJks()).isCertificateEntry("kumo-nats-test-ca")).isTrue();
		assertThat(load("PKCS12", this.certificates.clientKeystoreP12()).isKeyEntry("kumo-nats-test-client")).isTrue();
		assertThat(load("JKS", this.certificates.clientKeystoreJks()).isKeyEntry("kumo-nats-test-client")).isTrue();
	}

	@Test
	void sharedCertificatesAreGeneratedOnce() {
		assertThat(TestCertificates.shared()).isSameAs(this.certificates);
	}

	private static KeyStore load(String type, Path path) throws Exception {
		KeyStore keyStore = KeyStore.getInstance(type);
		try (InputStream in = Files.newInputStream(path)) {
			keyStore.load(in, TestCertificates.PASSWORD.toCharArray());
		}
		return keyStore;
	}

	private static String read(Path path) throws IOException {
		return Files.readString(path, StandardCharsets.US_ASCII);
	}

}
