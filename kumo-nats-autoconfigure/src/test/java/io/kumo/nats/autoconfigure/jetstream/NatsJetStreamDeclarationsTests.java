package io.kumo.nats.autoconfigure.jetstream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import io.kumo.nats.autoconfigure.InvalidNatsConnectionPropertyException;
import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.jetstream.NatsDeclarationException;
import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Streams, consumers and key-value buckets declared in properties exist after startup, are
 * updated when a declared setting changes, are left alone when nothing changed, and nothing is
 * ever deleted.
 */
@ExtendWith(OutputCaptureExtension.class)
class NatsJetStreamDeclarationsTests {

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension(NatsServer.builder().jetStream());

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, NatsJetStreamAutoConfiguration.class))
		.withPropertyValues("kumo.nats.connections.orders.servers=" + nats.server().address());

	private Connection observer;

	private JetStreamManagement management;

	@BeforeEach
	void connect() throws Exception {
		this.observer = Nats.connect("nats://" + nats.server().address());
		this.management = this.observer.jetStreamManagement();
	}

	@AfterEach
	void close() throws InterruptedException {
		this.observer.close();
	}

	@Test
	void declaredStreamConsumerAndBucketExistAfterStart() {
		this.contextRunner.withPropertyValues("kumo.nats.connections.orders.jetstream.streams.ORDERS.subjects=orders.>",
				"kumo.nats.connections.orders.jetstream.streams.ORDERS.description=All orders",
				"kumo.nats.connections.orders.jetstream.streams.ORDERS.max-age=1h",
				"kumo.nats.connections.orders.jetstream.streams.ORDERS.max-bytes=10MB",
				"kumo.nats.connections.orders.jetstream.streams.ORDERS.duplicate-window=30s",
				"kumo.nats.connections.orders.jetstream.consumers.billing.stream=ORDERS",
				"kumo.nats.connections.orders.jetstream.consumers.billing.filter-subjects=orders.new",
				"kumo.nats.connections.orders.jetstream.consumers.billing.ack-wait=10s",
				"kumo.nats.connections.orders.jetstream.consumers.billing.max-deliver=5",
				"kumo.nats.connections.orders.jetstream.consumers.billing.backoff=1s,2s",
				"kumo.nats.connections.orders.jetstream.consumers.billing.max-ack-pending=50",
				"kumo.nats.connections.orders.jetstream.key-value.settings.history=5",
				"kumo.nats.connections.orders.jetstream.key-value.settings.ttl=1h",
				"kumo.nats.connections.orders.jetstream.key-value.settings.storage=memory")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				StreamConfiguration stream = this.management.getStreamInfo("ORDERS").getConfiguration();
				assertThat(stream.getSubjects()).containsExactly("orders.>");
				assertThat(stream.getDescription()).isEqualTo("All orders");
				assertThat(stream.getMaxAge()).isEqualTo(Duration.ofHours(1));
				assertThat(stream.getMaxBytes()).isEqualTo(10L * 1024 * 1024);
				assertThat(stream.getDuplicateWindow()).isEqualTo(Duration.ofSeconds(30));
				assertThat(stream.getStorageType()).isEqualTo(StorageType.File);
				ConsumerConfiguration consumer = this.management.getConsumerInfo("ORDERS", "billing")
					.getConsumerConfiguration();
				assertThat(consumer.getDurable()).isEqualTo("billing");
				assertThat(consumer.getFilterSubject()).isEqualTo("orders.new");
				assertThat(consumer.getAckPolicy()).isEqualTo(AckPolicy.Explicit);
				assertThat(consumer.getAckWait()).as("the first backoff delay").isEqualTo(Duration.ofSeconds(1));
				assertThat(consumer.getMaxDeliver()).isEqualTo(5);
				assertThat(consumer.getBackoff()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
				assertThat(consumer.getMaxAckPending()).isEqualTo(50);
				KeyValueConfiguration bucket = this.observer.keyValueManagement()
					.getStatus("settings")
					.getConfiguration();
				assertThat(bucket.getMaxHistoryPerKey()).isEqualTo(5);
				assertThat(bucket.getTtl()).isEqualTo(Duration.ofHours(1));
				assertThat(bucket.getStorageType()).isEqualTo(StorageType.Memory);
			});
	}

	@Test
	void readmeYamlDeclaresWhatItSays() {
		this.contextRunner.withInitializer((context) -> {
			try {
				new YamlPropertySourceLoader()
					.load("readme", new ClassPathResource("jetstream-declarations.yaml"))
					.forEach(context.getEnvironment().getPropertySources()::addLast);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}).run((context) -> {
			assertThat(context).hasNotFailed();
			StreamConfiguration stream = this.management.getStreamInfo("READMEORDERS").getConfiguration();
			assertThat(stream.getSubjects()).containsExactly("readme.orders.>");
			assertThat(stream.getMaxAge()).isEqualTo(Duration.ofDays(7));
			ConsumerConfiguration consumer = this.management.getConsumerInfo("READMEORDERS", "readme_billing")
				.getConsumerConfiguration();
			assertThat(consumer.getFilterSubject()).isEqualTo("readme.orders.paid");
			assertThat(consumer.getBackoff()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(10));
			assertThat(this.observer.keyValueManagement().getStatus("readme-settings").getMaxHistoryPerKey())
				.isEqualTo(5);
		});
	}

	@Test
	void changedSubjectsUpdateTheStreamOnRestartKeepingItsMessages() throws Exception {
		this.contextRunner
			.withPropertyValues("kumo.nats.connections.orders.jetstream.streams.SHIPMENTS.subjects=ship.>")
			.run((context) -> assertThat(context).hasNotFailed());
		this.observer.jetStream().publish("ship.one", new byte[] { 1 });
		this.contextRunner
			.withPropertyValues("kumo.nats.connections.orders.jetstream.streams.SHIPMENTS.subjects=ship.>,returns.>")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(this.management.getStreamInfo("SHIPMENTS").getConfiguration().getSubjects())
			.containsExactly("ship.>", "returns.>");
		assertThat(this.management.getStreamInfo("SHIPMENTS").getStreamState().getMsgCount()).isOne();
	}

	@Test
	void limitsNoLongerDeclaredAreLiftedOnRestart() throws Exception {
		this.contextRunner.withPropertyValues("kumo.nats.connections.orders.jetstream.streams.LIMITED.max-age=1h",
				"kumo.nats.connections.orders.jetstream.streams.LIMITED.max-msgs=100",
				"kumo.nats.connections.orders.jetstream.consumers.limited.stream=LIMITED",
				"kumo.nats.connections.orders.jetstream.consumers.limited.max-deliver=3")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(this.management.getStreamInfo("LIMITED").getConfiguration().getMaxAge())
			.isEqualTo(Duration.ofHours(1));
		this.contextRunner.withPropertyValues("kumo.nats.connections.orders.jetstream.streams.LIMITED.max-msgs=100",
				"kumo.nats.connections.orders.jetstream.consumers.limited.stream=LIMITED")
			.run((context) -> assertThat(context).hasNotFailed());
		StreamConfiguration stream = this.management.getStreamInfo("LIMITED").getConfiguration();
		assertThat(stream.getMaxAge()).isZero();
		assertThat(stream.getMaxMsgs()).isEqualTo(100);
		assertThat(this.management.getConsumerInfo("LIMITED", "limited").getConsumerConfiguration().getMaxDeliver())
			.isEqualTo(-1);
	}

	@Test
	void unchangedDeclarationsMakeNoUpdateCall() throws Exception {
		Subscription creates = this.observer.subscribe("$JS.API.STREAM.CREATE.>");
		Subscription updates = this.observer.subscribe("$JS.API.STREAM.UPDATE.>");
		Subscription consumerCreates = this.observer.subscribe("$JS.API.CONSUMER.CREATE.>");
		Subscription durableCreates = this.observer.subscribe("$JS.API.CONSUMER.DURABLE.CREATE.>");
		this.observer.flush(Duration.ofSeconds(10));
		ApplicationContextRunner declaring = this.contextRunner.withPropertyValues(
				"kumo.nats.connections.orders.jetstream.streams.AUDIT.subjects=audit.>",
				"kumo.nats.connections.orders.jetstream.streams.AUDIT.max-age=1d",
				"kumo.nats.connections.orders.jetstream.consumers.auditor.stream=AUDIT",
				"kumo.nats.connections.orders.jetstream.consumers.auditor.max-deliver=3",
				"kumo.nats.connections.orders.jetstream.consumers.auditor.ack-wait=10s",
				"kumo.nats.connections.orders.jetstream.consumers.auditor.backoff=1s,2s",
				"kumo.nats.connections.orders.jetstream.key-value.audit-settings.history=3");
		declaring.run((context) -> assertThat(context).hasNotFailed());
		this.observer.flush(Duration.ofSeconds(10));
		assertThat(creates.getPendingMessageCount()).as("streams created").isEqualTo(2);
		assertThat(consumerCreates.getPendingMessageCount() + durableCreates.getPendingMessageCount())
			.as("consumers created")
			.isEqualTo(1);
		declaring.run((context) -> assertThat(context).hasNotFailed());
		this.observer.flush(Duration.ofSeconds(10));
		assertThat(creates.getPendingMessageCount()).as("streams created").isEqualTo(2);
		assertThat(updates.getPendingMessageCount()).as("streams updated").isZero();
		assertThat(consumerCreates.getPendingMessageCount() + durableCreates.getPendingMessageCount())
			.as("consumers created or updated")
			.isEqualTo(1);
		declaring.withPropertyValues("kumo.nats.connections.orders.jetstream.consumers.auditor.max-deliver=4")
			.run((context) -> assertThat(context).hasNotFailed());
		this.observer.flush(Duration.ofSeconds(10));
		assertThat(updates.getPendingMessageCount()).as("streams updated").isZero();
		assertThat(consumerCreates.getPendingMessageCount() + durableCreates.getPendingMessageCount())
			.as("consumers created or updated")
			.isEqualTo(2);
		assertThat(this.management.getConsumerInfo("AUDIT", "auditor").getConsumerConfiguration().getMaxDeliver())
			.isEqualTo(4);
	}

	@Test
	void nothingIsEverDeleted() throws Exception {
		this.management.addStream(StreamConfiguration.builder().name("LEGACY").subjects("legacy.>").build());
		this.contextRunner.withPropertyValues("kumo.nats.connections.orders.jetstream.streams.EVENTS.subjects=events.>",
				"kumo.nats.connections.orders.jetstream.streams.METRICS.subjects=metrics.>")
			.run((context) -> assertThat(context).hasNotFailed());
		this.contextRunner.withPropertyValues("kumo.nats.connections.orders.jetstream.streams.EVENTS.subjects=events.>")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(this.management.getStreamNames()).contains("LEGACY", "EVENTS", "METRICS");
	}

	@Test
	void connectionNotYetConnectedStartsWithoutItsDeclarations(CapturedOutput output) {
		try (NatsServer server = NatsServer.builder().jetStream().start()) {
			server.stop();
			new ApplicationContextRunner()
				.withConfiguration(
						AutoConfigurations.of(NatsAutoConfiguration.class, NatsJetStreamAutoConfiguration.class))
				.withPropertyValues("kumo.nats.connections.later.servers=" + server.address(),
						"kumo.nats.connections.later.retry-on-initial-connect=true",
						"kumo.nats.connections.later.jetstream.streams.LATER.subjects=later.>")
				.run((context) -> assertThat(context).hasNotFailed());
		}
		assertThat(output).contains("NATS connection 'later' is not connected at startup; its declared JetStream "
				+ "streams, consumers and key-value buckets were not applied");
	}

	@Test
	void consumerWithoutStreamFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("kumo.nats.connections.orders.jetstream.consumers.lonely.max-deliver=3")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.isInstanceOf(InvalidNatsConnectionPropertyException.class)
				.hasMessageContaining("kumo.nats.connections.orders.jetstream.consumers.lonely.stream"));
	}

	@Test
	void overlappingSubjectsFailStartupNamingTheProperty() throws Exception {
		this.management.addStream(StreamConfiguration.builder().name("TAKEN").subjects("taken.>").build());
		this.contextRunner.withPropertyValues("kumo.nats.connections.orders.jetstream.streams.CLASH.subjects=taken.x")
			.run((context) -> {
				assertThat(context).hasFailed();
				NatsDeclarationException failure = (NatsDeclarationException) context.getStartupFailure();
				assertThat(failure.getSource()).isEqualTo("kumo.nats.connections.orders.jetstream.streams.CLASH");
				assertThat(failure.getSetting()).isEqualTo("subjects");
				assertThat(failure.getServerError()).contains("subjects overlap");
			});
		assertThatExceptionOfType(JetStreamApiException.class)
			.isThrownBy(() -> this.management.getStreamInfo("CLASH"));
	}

	@Test
	void changedStorageFailsStartupNamingTheSetting() throws Exception {
		this.management.addStream(StreamConfiguration.builder().name("KEPT").subjects("kept.>").build());
		this.contextRunner.withPropertyValues("kumo.nats.connections.orders.jetstream.streams.KEPT.subjects=kept.>",
				"kumo.nats.connections.orders.jetstream.streams.KEPT.storage=memory")
			.run((context) -> {
				assertThat(context).hasFailed();
				NatsDeclarationException failure = (NatsDeclarationException) context.getStartupFailure();
				assertThat(failure.getSetting()).isEqualTo("storage");
			});
		assertThat(this.management.getStreamInfo("KEPT").getConfiguration().getStorageType())
			.isEqualTo(StorageType.File);
	}

}
