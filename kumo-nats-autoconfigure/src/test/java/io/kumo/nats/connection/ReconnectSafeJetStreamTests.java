package io.kumo.nats.connection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.kumo.nats.settings.NatsConnectionSettings;
import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.NatsServerExtension;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The JetStream context connections hand out, on a healthy connection: acknowledgements arrive as
 * soon as the server sends them, message ids de-duplicate, and publishes are refused once the
 * application is stopping.
 */
class ReconnectSafeJetStreamTests {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension(NatsServer.builder().jetStream());

	private final NatsConnectionRegistry registry = new NatsConnectionRegistry();

	private JetStream jetStream;

	@BeforeEach
	void connect() throws Exception {
		RegisteredNatsConnection connection = new NatsConnectionFactory(this.registry, new DefaultResourceLoader(),
				null, List.of())
			.connect("events", NatsConnectionOrigin.CONFIGURATION, NatsConnectionSettings.builder()
				.servers(List.of(nats.server().address()))
				.requestTimeout(REQUEST_TIMEOUT)
				.build());
		JetStreamManagement management = connection.jetStreamManagement();
		if (!management.getStreamNames().contains("EVENTS")) {
			management.addStream(StreamConfiguration.builder().name("EVENTS").subjects("events.>").build());
		}
		this.jetStream = connection.jetStream();
	}

	@AfterEach
	void close() {
		this.registry.close();
	}

	@Test
	void noPublishOfALoopWaitsForItsTimeout() throws Exception {
		long slowest = 0;
		for (int i = 0; i < 3_000; i++) {
			long start = System.nanoTime();
			this.jetStream.publish("events.loop", new byte[] { 1 });
			slowest = Math.max(slowest, System.nanoTime() - start);
		}
		assertThat(Duration.ofNanos(slowest)).as("slowest of 3,000 publishes, request-timeout being 30 s")
			.isLessThan(Duration.ofSeconds(10));
	}

	@Test
	void messageIdsFromOptionsAndHeadersDeduplicate() throws Exception {
		byte[] body = "once".getBytes(StandardCharsets.UTF_8);
		PublishAck first = this.jetStream.publish("events.ids", body,
				PublishOptions.builder().messageId("dedup-1").build());
		PublishAck again = this.jetStream.publish(NatsMessage.builder()
			.subject("events.ids")
			.headers(new Headers().put("Nats-Msg-Id", "dedup-1"))
			.data(body)
			.build());
		assertThat(first.isDuplicate()).isFalse();
		assertThat(again.isDuplicate()).isTrue();
		assertThat(again.getSeqno()).isEqualTo(first.getSeqno());
	}

	@Test
	void publishesAreRefusedOnceTheApplicationIsStopping() throws Exception {
		long before = storedCount();
		this.registry.stopPublishing();
		assertThatExceptionOfType(NatsStoppingException.class)
			.isThrownBy(() -> this.jetStream.publish("events.late", new byte[] { 1 }))
			.withMessage("application is stopping");
		assertThatExceptionOfType(NatsStoppingException.class)
			.isThrownBy(() -> this.jetStream.publishAsync("events.late", new byte[] { 1 }));
		assertThat(storedCount()).isEqualTo(before);
		assertThat(this.registry.get("events").publishesInFlight()).isZero();
	}

	private long storedCount() throws Exception {
		return this.registry.get("events")
			.jetStreamManagement()
			.getStreamInfo("EVENTS")
			.getStreamState()
			.getMsgCount();
	}

}
