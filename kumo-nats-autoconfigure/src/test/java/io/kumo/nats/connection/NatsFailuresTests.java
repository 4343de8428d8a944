package io.kumo.nats.connection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.kumo.nats.settings.NatsAuth;
import io.kumo.nats.settings.NatsConnectionSettings;
import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.NatsServerExtension;
import io.kumo.nats.test.TestCertificates;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * jnats's failures, met against real servers, are classified by their types, the request future,
 * the connection's state and the server's INFO.
 */
class NatsFailuresTests {

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension(NatsServer.builder().jetStream());

	private final List<NatsOptionsCustomizer> customizers = new ArrayList<>();

	private final NatsConnectionRegistry registry = new NatsConnectionRegistry();

	@AfterEach
	void closeConnections() {
		this.registry.close();
	}

	@Test
	void unreachableServer() {
		try (NatsServer server = NatsServer.builder().start()) {
			server.stop();
			assertThat(connectFailure(settings(server.address()))).isEqualTo(NatsFailureKind.UNREACHABLE);
		}
	}

	@Test
	void refusedLogin() {
		try (NatsServer server = NatsServer.builder().user("app", "right-password").start()) {
			assertThat(connectFailure(settings(server.address()).auth(new NatsAuth.UserPassword("app", "wrong"))))
				.isEqualTo(NatsFailureKind.AUTHORIZATION);
		}
	}

	@Test
	void untrustedServerCertificate() {
		TestCertificates certificates = TestCertificates.shared();
		try (NatsServer server = NatsServer.builder().tls(certificates).start()) {
			assertThat(connectFailure(settings(server.address()).certificate(certificates.otherCaCert().toString())))
				.isEqualTo(NatsFailureKind.TLS_HANDSHAKE);
		}
	}

	@Test
	void tlsRequiredAgainstAPlainServer() {
		try (NatsServer server = NatsServer.builder().start()) {
			assertThat(connectFailure(settings(server.address()).tlsRequired(true)))
				.isEqualTo(NatsFailureKind.TLS_NOT_OFFERED);
		}
	}

	@Test
	void plainConnectionToAServerThatRequiresTls() {
		try (NatsServer server = NatsServer.builder().tls(TestCertificates.shared()).start()) {
			assertThat(connectFailure(settings(server.address()))).isEqualTo(NatsFailureKind.TLS_REQUIRED_BY_SERVER);
		}
	}

	@Test
	void jetStreamPublishWithoutAStream() throws IOException {
		RegisteredNatsConnection registered = connect(settings(nats.server().address()));
		Throwable failure = catchThrowable(() -> registered.jetStream().publish("no.stream", new byte[1]));
		assertThat(NatsFailures.of(failure, registered.connection())).isEqualTo(NatsFailureKind.NO_RESPONDERS);
	}

	@Test
	void jetStreamPublishThatNobodyAcknowledges() throws Exception {
		RegisteredNatsConnection registered = connect(
				settings(nats.server().address()).requestTimeout(Duration.ofMillis(300)));
		registered.connection().subscribe("silent.ack");
		registered.connection().flush(Duration.ofSeconds(5));
		Throwable failure = catchThrowable(() -> registered.jetStream().publish("silent.ack", new byte[1]));
		assertThat(failure).isInstanceOf(IOException.class);
		assertThat(NatsFailures.of(failure, registered.connection())).isEqualTo(NatsFailureKind.TIMEOUT);
	}

	@Test
	void jetStreamPublishThatNobodyAcknowledgesWithJnatsAdvancedRequests() throws Exception {
		this.customizers.add((name, builder) -> builder.advancedRequestBehavior());
		RegisteredNatsConnection registered = connect(
				settings(nats.server().address()).requestTimeout(Duration.ofMillis(300)));
		registered.connection().subscribe("silent.advanced");
		registered.connection().flush(Duration.ofSeconds(5));
		Throwable failure = catchThrowable(() -> registered.jetStream().publish("silent.advanced", new byte[1]));
		assertThat(failure).isInstanceOf(NatsPublishOutcomeUnknownException.class);
		assertThat(NatsFailures.of(failure, registered.connection())).isEqualTo(NatsFailureKind.TIMEOUT);
	}

	@Test
	void jetStreamPublishWhoseServerGoesAway() throws Exception {
		try (NatsServer server = NatsServer.builder().start()) {
			RegisteredNatsConnection registered = connect(
					settings(server.address()).requestTimeout(Duration.ofSeconds(2)));
			CountDownLatch received = new CountDownLatch(1);
			registered.connection().createDispatcher((message) -> received.countDown()).subscribe("lost.ack");
			registered.connection().flush(Duration.ofSeconds(5));
			CompletableFuture<Throwable> publishing = CompletableFuture
				.supplyAsync(() -> catchThrowable(() -> registered.jetStream().publish("lost.ack", new byte[1])));
			assertThat(received.await(10, TimeUnit.SECONDS)).isTrue();
			server.stop();
			Throwable failure = publishing.get(30, TimeUnit.SECONDS);
			assertThat(NatsFailures.of(failure, registered.connection())).isEqualTo(NatsFailureKind.CONNECTION_LOST);
		}
	}

	@Test
	void jetStreamApiError() {
		RegisteredNatsConnection registered = connect(settings(nats.server().address()));
		Throwable failure = catchThrowable(() -> registered.jetStreamManagement().getStreamInfo("NO_SUCH_STREAM"));
		assertThat(failure).isInstanceOf(JetStreamApiException.class);
		assertThat(NatsFailures.of(failure, registered.connection())).isEqualTo(NatsFailureKind.REJECTED);
	}

	@Test
	void jetStreamPublishIntoAStreamIsNoFailure() throws Exception {
		RegisteredNatsConnection registered = connect(settings(nats.server().address()));
		registered.jetStreamManagement()
			.addStream(StreamConfiguration.builder()
				.name("FAILURES")
				.subjects("failures.>")
				.storageType(StorageType.Memory)
				.build());
		assertThat(registered.jetStream().publish("failures.one", new byte[1]).getSeqno()).isEqualTo(1);
	}

	@Test
	void closedConnection() throws Exception {
		RegisteredNatsConnection registered = connect(settings(nats.server().address()));
		Connection connection = registered.connection();
		connection.close();
		Throwable failure = catchThrowable(() -> connection.publish("after.close", new byte[1]));
		assertThat(failure).isInstanceOf(IllegalStateException.class);
		assertThat(NatsFailures.of(failure, connection)).isEqualTo(NatsFailureKind.CLOSED);
	}

	@Test
	void requestWithoutResponders() {
		RegisteredNatsConnection registered = connect(settings(nats.server().address()));
		Connection connection = registered.connection();
		CompletableFuture<Message> reply = connection.requestWithTimeout("nobody.listens", null, new byte[1],
				Duration.ofSeconds(5));
		Throwable failure = catchThrowable(() -> reply.get(10, TimeUnit.SECONDS));
		assertThat(NatsFailures.ofRequest(reply, failure, connection)).isEqualTo(NatsFailureKind.NO_RESPONDERS);
	}

	@Test
	void requestThatTimesOutInJnats() throws Exception {
		RegisteredNatsConnection registered = connect(settings(nats.server().address()));
		Connection connection = registered.connection();
		connection.subscribe("silent.request");
		connection.flush(Duration.ofSeconds(5));
		CompletableFuture<Message> reply = connection.requestWithTimeout("silent.request", null,
				"ping".getBytes(StandardCharsets.UTF_8), Duration.ofMillis(100));
		Throwable failure = catchThrowable(() -> reply.get(30, TimeUnit.SECONDS));
		assertThat(failure).isInstanceOfAny(ExecutionException.class, CancellationException.class);
		assertThat(NatsFailures.ofRequest(reply, failure, connection)).isEqualTo(NatsFailureKind.TIMEOUT);
	}

	@Test
	void requestTimeoutIsReportedAsTimeoutNotAsNoResponders() throws Exception {
		RegisteredNatsConnection registered = connect(settings(nats.server().address()));
		registered.connection().subscribe("silent.registered");
		registered.connection().flush(Duration.ofSeconds(5));
		assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> registered
			.request("silent.registered", null, new byte[1], Duration.ofMillis(200)));
		assertThatExceptionOfType(NatsNoRespondersException.class)
			.isThrownBy(() -> registered.request("nobody.registered", null, new byte[1], Duration.ofSeconds(5)));
	}

	private NatsFailureKind connectFailure(NatsConnectionSettings.Builder settings) {
		NatsConnectException failure = catchThrowableOfType(NatsConnectException.class, () -> connect(settings));
		assertThat(failure).isNotNull();
		assertThat(failure.getMessage()).doesNotContain("right-password").doesNotContain("wrong");
		return failure.getKind();
	}

	private RegisteredNatsConnection connect(NatsConnectionSettings.Builder settings) {
		NatsConnectionFactory factory = new NatsConnectionFactory(this.registry, new DefaultResourceLoader(), null,
				this.customizers);
		return factory.connect("failures", NatsConnectionOrigin.CONFIGURATION, settings.build());
	}

	private static NatsConnectionSettings.Builder settings(String address) {
		return NatsConnectionSettings.builder().servers(List.of(address)).connectionTimeout(Duration.ofSeconds(2));
	}

}
