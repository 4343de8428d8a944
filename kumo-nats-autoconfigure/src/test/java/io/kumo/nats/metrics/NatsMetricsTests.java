package io.kumo.nats.metrics;

import java.time.Duration;
import java.util.List;

import io.kumo.nats.connection.NatsConnectionFactory;
import io.kumo.nats.connection.NatsConnectionOrigin;
import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.connection.RegisteredNatsConnection;
import io.kumo.nats.settings.NatsConnectionSettings;
import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.NatsServerExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class NatsMetricsTests {

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension();

	private final NatsConnectionRegistry registry = new NatsConnectionRegistry();

	private final NatsConnectionFactory factory = new NatsConnectionFactory(this.registry,
			new DefaultResourceLoader(), null, List.of());

	private final MeterRegistry meterRegistry = new SimpleMeterRegistry();

	@AfterEach
	void closeConnections() {
		this.registry.close();
	}

	@Test
	void bindsConnectionsOpenedBeforeAndAfterBinding() {
		connect("before", NatsConnectionOrigin.CONFIGURATION);
		new NatsMetrics(this.registry).bindTo(this.meterRegistry);
		connect("after", NatsConnectionOrigin.SCRIPT);
		assertThat(nats("nats.messages.received").tags("name", "before", "origin", "configuration").functionCounter())
			.isNotNull();
		assertThat(nats("nats.messages.received").tags("name", "after", "origin", "script").functionCounter())
			.isNotNull();
		assertThat(nats("nats.connection.connected").tag("name", "after").gauge().value()).isEqualTo(1);
	}

	@Test
	void registersEveryDocumentedMeterPerConnection() {
		new NatsMetrics(this.registry).bindTo(this.meterRegistry);
		connect("orders", NatsConnectionOrigin.CONFIGURATION);
		assertThat(this.meterRegistry.getMeters()).extracting((meter) -> meter.getId().getName())
			.containsExactlyInAnyOrder("nats.messages.received", "nats.messages.sent", "nats.bytes.received",
					"nats.bytes.sent", "nats.messages.dropped", "nats.reconnects", "nats.pings", "nats.server.oks",
					"nats.server.errors", "nats.exceptions", "nats.requests.sent", "nats.replies.received",
					"nats.disconnects", "nats.lame.duck.notices", "nats.slow.consumers", "nats.publishes.failed",
					"nats.requests.outstanding", "nats.connection.connected");
		assertThat(nats("nats.bytes.sent").functionCounter().getId().getBaseUnit()).isEqualTo("bytes");
	}

	@Test
	void removesTheMetersOfAClosedConnectionOnly() {
		new NatsMetrics(this.registry).bindTo(this.meterRegistry);
		RegisteredNatsConnection scripted = connect("scripted", NatsConnectionOrigin.SCRIPT);
		connect("kept", NatsConnectionOrigin.CONFIGURATION);
		scripted.close();
		assertThat(nats("nats.messages.sent").tag("name", "scripted").meters()).isEmpty();
		assertThat(this.meterRegistry.find("nats.connection.connected").tag("name", "scripted").meters()).isEmpty();
		assertThat(nats("nats.messages.sent").tag("name", "kept").meters()).hasSize(1);
	}

	@Test
	void countsDisconnectsAndReconnects() {
		try (NatsServer server = NatsServer.builder().start()) {
			new NatsMetrics(this.registry).bindTo(this.meterRegistry);
			this.factory.connect("flaky", NatsConnectionOrigin.SCRIPT,
					NatsConnectionSettings.builder().servers(List.of(server.address())).build());
			server.stop();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> nats("nats.disconnects").tag("name", "flaky").functionCounter().count() >= 1);
			assertThat(nats("nats.connection.connected").tag("name", "flaky").gauge().value()).isZero();
			server.restart();
			await().atMost(Duration.ofSeconds(15))
				.until(() -> nats("nats.reconnects").tag("name", "flaky").functionCounter().count() == 1);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> nats("nats.connection.connected").tag("name", "flaky").gauge().value() == 1);
			assertThat(nats("nats.disconnects").tag("name", "flaky").functionCounter().count()).isEqualTo(1);
		}
	}

	private Search nats(String name) {
		return this.meterRegistry.find(name);
	}

	private RegisteredNatsConnection connect(String name, NatsConnectionOrigin origin) {
		return this.factory.connect(name, origin,
				NatsConnectionSettings.builder().servers(List.of(nats.server().address())).build());
	}

}
