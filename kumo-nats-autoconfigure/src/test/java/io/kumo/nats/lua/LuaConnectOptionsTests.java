package io.kumo.nats.lua;

import java.time.Duration;

import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.TestCertificates;
import io.nats.client.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * CONFIG keys that change how a script's connection is made, against real servers: TLS with the
 * test CA and client certificates, {@code tls_first}, and {@code retry_on_initial_connect}.
 */
class LuaConnectOptionsTests {

	private static final TestCertificates certificates = TestCertificates.shared();

	private final LuaScriptsFixture fixture = new LuaScriptsFixture();

	@AfterEach
	void close() {
		this.fixture.close();
	}

	@Test
	void tlsWithClientCertificate() {
		try (NatsServer server = NatsServer.builder().tls(certificates).requireClientCertificates().start()) {
			Object name = this.fixture.scripts.run("""
					local client = kumo.nats.connect {
					  servers = { '%s' }, name = 'tls-client', tls_required = true,
					  certificate = '%s', client_cert = '%s', client_key = '%s',
					}
					client:publish_core { subject = 'tls.check', payload = 'x' }
					client:flush('5s')
					return tostring(client)
					""".formatted(server.address(), certificates.caCert(), certificates.clientCert(),
					certificates.clientKeyPkcs1()));
			assertThat(name).isEqualTo("nats client 'tls-client'");
		}
	}

	@Test
	void tlsWithAnotherCaRaisesALuaError() {
		try (NatsServer server = NatsServer.builder().tls(certificates).start()) {
			assertThatExceptionOfType(NatsLuaScriptException.class)
				.isThrownBy(() -> this.fixture.scripts.run("""
						kumo.nats.connect { servers = { '%s' }, tls_required = true, certificate = '%s',
						  connection_timeout = '2s' }
						""".formatted(server.address(), certificates.otherCaCert())))
				.withMessageContaining("kumo.nats.connect: NATS connection")
				.withMessageContaining("could not connect");
		}
	}

	@Test
	void tlsFirst() {
		try (NatsServer server = NatsServer.builder().tls(certificates).handshakeFirst().start()) {
			Object sent = this.fixture.scripts.run("""
					local client = kumo.nats.connect { servers = { '%s' }, tls_first = true, certificate = '%s' }
					client:publish_core { subject = 'tls.first', payload = 'x' }
					client:flush('5s')
					return true
					""".formatted(server.address(), certificates.caCert()));
			assertThat(sent).isEqualTo(true);
		}
	}

	@Test
	void retryOnInitialConnectReturnsAClientWhileTheServerIsDown() {
		try (NatsServer server = NatsServer.builder().start()) {
			server.stop();
			NatsLuaScript script = this.fixture.scripts.compile("retry.lua", """
					function open()
					  client = kumo.nats.connect { servers = { '%s' }, name = 'patient', retry_on_initial_connect = true }
					end
					function flush() client:flush('10s') end
					""".formatted(server.address()));
			script.call("open");
			Connection connection = this.fixture.registry.get("patient").connection();
			assertThat(connection.getStatus()).isNotEqualTo(Connection.Status.CONNECTED);
			server.restart();
			await().atMost(Duration.ofSeconds(30)).until(() -> connection.getStatus() == Connection.Status.CONNECTED);
			script.call("flush");
		}
	}

}
