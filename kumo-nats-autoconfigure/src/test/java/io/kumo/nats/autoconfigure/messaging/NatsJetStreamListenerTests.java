package io.kumo.nats.autoconfigure.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.messaging.listener.JetStreamListenerContainer;
import io.kumo.nats.messaging.listener.NatsAcknowledgment;
import io.kumo.nats.messaging.listener.NatsListener;
import io.kumo.nats.messaging.listener.NatsListenerEndpointRegistry;
import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.NatsJetStreamMetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * JetStream listeners on a real server with file storage: durable consumption across restarts
 * and instances, acknowledgement after the method, redelivery with the listener's backoff, dead
 * letters, progress of long methods, shutdown, ordered replay and the startup checks.
 */
class NatsJetStreamListenerTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension(NatsServer.builder().jetStream());

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, NatsListenerAutoConfiguration.class))
		.withPropertyValues("kumo.nats.connections.main.servers=" + nats.server().address());

	private Connection client;

	private JetStreamManagement management;

	@BeforeEach
	void connect() throws Exception {
		this.client = Nats.connect(nats.server().url());
		this.management = this.client.jetStreamManagement();
		Recorder.reset();
	}

	@AfterEach
	void close() throws Exception {
		for (String stream : this.management.getStreamNames()) {
			this.management.deleteStream(stream);
		}
		this.client.close();
	}

	@Test
	void durableListenerStoppedMidwayThroughTenThousandMessagesResumesWithoutHandlingAnyTwice() throws Exception {
		stream("ORDERS", "orders.>");
		consumer("ORDERS", "billing", Duration.ofSeconds(5), -1);
		publish("orders.new", 0, 10_000);
		ApplicationContextRunner runner = this.contextRunner.withUserConfiguration(DurableListener.class)
			.withPropertyValues("app.concurrency=4");
		runner.withPropertyValues("app.work-millis=2")
			.run((context) -> await().atMost(WAIT).until(() -> Recorder.handled.get() >= 3_000));
		int handledBeforeRestart = Recorder.handled.get();
		assertThat(handledBeforeRestart).isBetween(3_000, 9_999);
		runner.run((context) -> await().atMost(WAIT).until(() -> Recorder.handled.get() >= 10_000));
		assertThat(Recorder.counts).hasSize(10_000);
		assertThat(Recorder.counts.values()).containsOnly(1);
		assertThat(Recorder.handled.get()).isEqualTo(10_000);
		ConsumerInfo info = this.management.getConsumerInfo("ORDERS", "billing");
		assertThat(info.getNumAckPending()).isZero();
		assertThat(info.getNumPending()).isZero();
	}

	@Test
	void failedMethodIsRedeliveredWithTheBackoffDelaysAndAckedWhenItSucceeds() throws Exception {
		stream("ORDERS", "orders.>");
		consumer("ORDERS", "billing", Duration.ofSeconds(30), -1);
		publish("orders.new", 0, 1);
		this.contextRunner.withUserConfiguration(FlakyListener.class).run((context) -> {
			await().atMost(WAIT).until(() -> Recorder.handled.get() == 1);
			JetStreamListenerContainer container = (JetStreamListenerContainer) context
				.getBean(NatsListenerEndpointRegistry.class)
				.getListenerContainer("flaky");
			await().atMost(WAIT).until(() -> container.getActivity().getAcked() == 1);
			assertThat(Recorder.deliveries).containsExactly(1L, 2L, 3L);
			List<Long> at = Recorder.deliveredAt;
			assertThat(Duration.ofNanos(at.get(1) - at.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(900));
			assertThat(Duration.ofNanos(at.get(2) - at.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
			assertThat(container.getActivity().getNaked()).isEqualTo(2);
			assertThat(container.getActivity().getRedelivered()).isEqualTo(2);
			assertThat(container.getActivity().getDelivered()).isEqualTo(3);
			assertThat(container.getStream()).isEqualTo("ORDERS");
			assertThat(container.getConsumer()).isEqualTo("billing");
		});
		assertThat(ackPending("ORDERS", "billing")).isZero();
	}

	@Test
	void messageFailingEveryDeliveryIsDeadLetteredWithItsHeadersAndTerminated() throws Exception {
		stream("ORDERS", "orders.>");
		stream("DEAD", "dead.>");
		consumer("ORDERS", "billing", Duration.ofSeconds(30), -1);
		io.nats.client.impl.Headers headers = new io.nats.client.impl.Headers().put("Order-Id", "42");
		this.client.jetStream().publish("orders.new", headers, "poison".getBytes(StandardCharsets.UTF_8));
		this.contextRunner.withUserConfiguration(PoisonListener.class).run((context) -> {
			JetStreamListenerContainer container = (JetStreamListenerContainer) context
				.getBean(NatsListenerEndpointRegistry.class)
				.getListenerContainer("poison");
			await().atMost(WAIT).until(() -> container.getActivity().getTerminated() == 1);
			Message dead = deadLetter();
			assertThat(new String(dead.getData(), StandardCharsets.UTF_8)).isEqualTo("poison");
			assertThat(dead.getHeaders().getFirst("Order-Id")).isEqualTo("42");
			assertThat(dead.getHeaders().getFirst("Nats-Dead-Letter-Listener")).isEqualTo("poison");
			assertThat(dead.getHeaders().getFirst("Nats-Dead-Letter-Exception"))
				.isEqualTo(IllegalArgumentException.class.getName());
			assertThat(dead.getHeaders().getFirst("Nats-Dead-Letter-Reason")).hasSize(300).startsWith("bad order");
			assertThat(dead.getHeaders().getFirst("Nats-Dead-Letter-Deliveries")).isEqualTo("3");
			assertThat(dead.getHeaders().getFirst("Nats-Dead-Letter-Stream")).isEqualTo("ORDERS");
			assertThat(dead.getHeaders().getFirst("Nats-Dead-Letter-Sequence")).isEqualTo("1");
			assertThat(dead.getHeaders().getFirst("Nats-Dead-Letter-Subject")).isEqualTo("orders.new");
			assertThat(container.getActivity().getDeadLettered()).isEqualTo(1);
			ConsumerInfo info = this.management.getConsumerInfo("ORDERS", "billing");
			assertThat(info.getNumAckPending()).isZero();
			assertThat(info.getNumPending()).isZero();
			assertThat(info.getAckFloor().getStreamSequence()).isEqualTo(1);
			assertThat(Recorder.deliveries).containsExactly(1L, 2L, 3L);
		});
	}

	@Test
	void methodLongerThanTheAckWaitIsKeptInProgressAndNotRedelivered() throws Exception {
		stream("ORDERS", "orders.>");
		consumer("ORDERS", "billing", Duration.ofSeconds(1), -1);
		publish("orders.new", 0, 1);
		this.contextRunner.withUserConfiguration(SlowListener.class).run((context) -> {
			await().atMost(WAIT).until(() -> Recorder.handled.get() == 1);
			await().atMost(WAIT).until(() -> ackPending("ORDERS", "billing") == 0);
			ConsumerInfo info = this.management.getConsumerInfo("ORDERS", "billing");
			assertThat(info.getRedelivered()).isZero();
			assertThat(info.getDelivered().getConsumerSequence()).isEqualTo(1);
			assertThat(Recorder.deliveries).containsExactly(1L);
		});
	}

	@Test
	void twoInstancesOnOneDurableShareTheMessagesWithoutHandlingOneTwice() throws Exception {
		stream("ORDERS", "orders.>");
		consumer("ORDERS", "billing", Duration.ofSeconds(30), -1);
		ApplicationContextRunner runner = this.contextRunner.withUserConfiguration(DurableListener.class)
			.withPropertyValues("app.concurrency=1", "app.work-millis=1");
		runner.run((first) -> runner.run((second) -> {
			publish("orders.new", 0, 2_000);
			await().atMost(WAIT).until(() -> Recorder.handled.get() >= 2_000);
			await().atMost(WAIT).until(() -> ackPending("ORDERS", "billing") == 0);
			assertThat(Recorder.byInstance.keySet()).hasSize(2);
		}));
		assertThat(Recorder.counts).hasSize(2_000);
		assertThat(Recorder.counts.values()).containsOnly(1);
	}

	@Test
	void closingWhileHandlingAcksInFlightMessagesAndLosesNothing() throws Exception {
		stream("ORDERS", "orders.>");
		consumer("ORDERS", "billing", Duration.ofSeconds(3), -1);
		publish("orders.new", 0, 20);
		this.contextRunner.withUserConfiguration(BlockingListener.class).run((context) -> {
			BlockingListener listener = context.getBean(BlockingListener.class);
			assertThat(listener.entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
			Thread closing = new Thread(context::close);
			closing.start();
			NatsListenerEndpointRegistry registry = context.getBean(NatsListenerEndpointRegistry.class);
			await().atMost(WAIT).until(() -> !registry.isRunning());
			assertThat(Recorder.handled.get()).isZero();
			listener.release.countDown();
			closing.join(WAIT.toMillis());
			assertThat(closing.isAlive()).isFalse();
		});
		assertThat(Recorder.counts).containsOnlyKeys("0", "1");
		await().atMost(WAIT)
			.until(() -> this.management.getConsumerInfo("ORDERS", "billing").getAckFloor().getStreamSequence() >= 2);
		this.contextRunner.withUserConfiguration(DurableListener.class)
			.withPropertyValues("app.concurrency=1")
			.run((context) -> await().atMost(WAIT).until(() -> Recorder.counts.size() >= 20));
		assertThat(Recorder.counts).hasSize(20);
		assertThat(Recorder.counts.values()).containsOnly(1);
	}

	@Test
	void manualAcknowledgmentLeavesTheAckToTheMethod() throws Exception {
		stream("ORDERS", "orders.>");
		consumer("ORDERS", "billing", Duration.ofSeconds(30), -1);
		publish("orders.new", 0, 1);
		this.contextRunner.withUserConfiguration(ManualListener.class).run((context) -> {
			await().atMost(WAIT).until(() -> Recorder.deliveries.size() == 2);
			await().atMost(WAIT).until(() -> ackPending("ORDERS", "billing") == 0);
			assertThat(Recorder.deliveries).containsExactly(1L, 2L);
			assertThat(this.management.getConsumerInfo("ORDERS", "billing").getAckFloor().getStreamSequence())
				.isEqualTo(1);
		});
	}

	@Test
	void orderedListenerReplaysTheStreamFromItsStartFilteredBySubject() throws Exception {
		stream("EVENTS", "events.>");
		for (int i = 0; i < 10; i++) {
			this.client.jetStream().publish((i % 2 == 0) ? "events.a" : "events.b", ("" + i).getBytes());
		}
		this.contextRunner.withUserConfiguration(OrderedListener.class).run((context) -> {
			OrderedListener listener = context.getBean(OrderedListener.class);
			await().atMost(WAIT).until(() -> listener.received.size() == 5);
			assertThat(listener.received).containsExactly("0", "2", "4", "6", "8");
			JetStreamListenerContainer container = (JetStreamListenerContainer) context
				.getBean(NatsListenerEndpointRegistry.class)
				.getListenerContainer("replay");
			assertThat(container.getConsumer()).isNotEmpty();
		});
	}

	@Test
	void listenerOnAMissingConsumerFailsStartupSayingHowToDeclareIt() throws Exception {
		stream("ORDERS", "orders.>");
		this.contextRunner.withUserConfiguration(DurableListener.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasStackTraceContaining("@NatsListener 'durable' consumes consumer 'billing' of stream 'ORDERS'")
				.hasStackTraceContaining("declare it under kumo.nats.connections.main.jetstream.consumers.billing");
		});
	}

	@Test
	void listenerWithAQueueAndAStreamFailsStartup() {
		this.contextRunner.withUserConfiguration(QueueAndStreamListener.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("has queue 'workers'")
				.hasMessageContaining("empty on a JetStream listener");
		});
	}

	@Test
	void listenerWithAnInvalidBackoffFailsStartup() {
		this.contextRunner.withUserConfiguration(InvalidBackoffListener.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("has backoff '1s,soon'")
				.hasStackTraceContaining("a comma-separated list of durations");
		});
	}

	@Test
	void coreListenerTakingAnAcknowledgmentFailsStartup() {
		this.contextRunner.withUserConfiguration(CoreAcknowledgingListener.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasStackTraceContaining("takes NatsAcknowledgment")
				.hasStackTraceContaining("only a JetStream listener");
		});
	}

	private void stream(String name, String subjects) throws Exception {
		this.management.addStream(StreamConfiguration.builder()
			.name(name)
			.subjects(subjects)
			.storageType(StorageType.File)
			.build());
	}

	private void consumer(String stream, String durable, Duration ackWait, long maxDeliver) throws Exception {
		this.management.addOrUpdateConsumer(stream, ConsumerConfiguration.builder()
			.durable(durable)
			.ackPolicy(AckPolicy.Explicit)
			.ackWait(ackWait)
			.maxDeliver(maxDeliver)
			.build());
	}

	private void publish(String subject, int from, int count) throws Exception {
		JetStream jetStream = this.client.jetStream();
		for (int i = from; i < from + count; i++) {
			jetStream.publishAsync(subject, Integer.toString(i).getBytes(StandardCharsets.UTF_8));
		}
		this.client.flush(WAIT);
		await().atMost(WAIT)
			.until(() -> this.management.getStreamInfo("ORDERS").getStreamState().getLastSequence() >= from + count);
	}

	private long ackPending(String stream, String durable) throws Exception {
		return this.management.getConsumerInfo(stream, durable).getNumAckPending();
	}

	private Message deadLetter() throws Exception {
		JetStreamSubscription subscription = this.client.jetStream()
			.subscribe("dead.>", PullSubscribeOptions.builder().build());
		List<Message> messages = subscription.fetch(1, WAIT);
		assertThat(messages).hasSize(1);
		assertThat(messages.get(0).getSubject()).isEqualTo("dead.orders");
		return messages.get(0);
	}

	/**
	 * What the listeners of a test saw, across the contexts the test starts.
	 */
	static final class Recorder {

		static final AtomicInteger handled = new AtomicInteger();

		static final Map<String, Integer> counts = new ConcurrentHashMap<>();

		static final Map<Object, Integer> byInstance = new ConcurrentHashMap<>();

		static final List<Long> deliveries = new CopyOnWriteArrayList<>();

		static final List<Long> deliveredAt = new CopyOnWriteArrayList<>();

		static void reset() {
			handled.set(0);
			counts.clear();
			byInstance.clear();
			deliveries.clear();
			deliveredAt.clear();
		}

		static void record(Object instance, byte[] body) {
			counts.merge(new String(body, StandardCharsets.UTF_8), 1, Integer::sum);
			byInstance.merge(System.identityHashCode(instance), 1, Integer::sum);
			handled.incrementAndGet();
		}

		static void delivered(NatsJetStreamMetaData metaData) {
			deliveredAt.add(System.nanoTime());
			deliveries.add(metaData.deliveredCount());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DurableListener {

		@org.springframework.beans.factory.annotation.Value("${app.work-millis:0}")
		long workMillis;

		@NatsListener(id = "durable", stream = "ORDERS", durable = "billing", concurrency = "${app.concurrency:1}")
		void handle(byte[] body) throws InterruptedException {
			if (this.workMillis > 0) {
				Thread.sleep(this.workMillis);
			}
			Recorder.record(this, body);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FlakyListener {

		@NatsListener(id = "flaky", stream = "ORDERS", durable = "billing", backoff = "1s,2s")
		void handle(byte[] body, NatsJetStreamMetaData metaData) {
			Recorder.delivered(metaData);
			if (metaData.deliveredCount() < 3) {
				throw new IllegalStateException("not yet");
			}
			Recorder.record(this, body);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PoisonListener {

		@NatsListener(id = "poison", stream = "ORDERS", durable = "billing", maxDeliveries = "3",
				backoff = "100ms", deadLetterSubject = "dead.orders")
		void handle(String body, NatsJetStreamMetaData metaData) {
			Recorder.delivered(metaData);
			throw new IllegalArgumentException("bad order " + "x".repeat(1000));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SlowListener {

		@NatsListener(id = "slow", stream = "ORDERS", durable = "billing")
		void handle(byte[] body, NatsJetStreamMetaData metaData) throws InterruptedException {
			Recorder.delivered(metaData);
			Thread.sleep(3_000);
			Recorder.record(this, body);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BlockingListener {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		@NatsListener(id = "blocking", stream = "ORDERS", durable = "billing", concurrency = "2")
		void handle(byte[] body) throws InterruptedException {
			this.entered.countDown();
			this.release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
			Recorder.record(this, body);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ManualListener {

		@NatsListener(id = "manual", stream = "ORDERS", durable = "billing")
		void handle(byte[] body, NatsJetStreamMetaData metaData, NatsAcknowledgment acknowledgment) {
			Recorder.delivered(metaData);
			if (metaData.deliveredCount() == 1) {
				acknowledgment.nak();
			}
			else {
				acknowledgment.ack();
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OrderedListener {

		final List<String> received = new CopyOnWriteArrayList<>();

		@NatsListener(id = "replay", stream = "EVENTS", ordered = "true", subjects = "events.a")
		void handle(String body) {
			this.received.add(body);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class InvalidBackoffListener {

		@NatsListener(stream = "ORDERS", durable = "billing", backoff = "1s,soon")
		void handle(byte[] body) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CoreAcknowledgingListener {

		@NatsListener(subjects = "orders.core")
		void handle(byte[] body, NatsAcknowledgment acknowledgment) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class QueueAndStreamListener {

		@NatsListener(stream = "ORDERS", durable = "billing", queue = "workers")
		void handle(byte[] body) {
		}

	}

}
