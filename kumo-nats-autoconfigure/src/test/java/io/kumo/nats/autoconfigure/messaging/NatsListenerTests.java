package io.kumo.nats.autoconfigure.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.jetstream.TestJetStreamListenerContainer;
import io.kumo.nats.messaging.converter.JacksonJsonNatsMessageConverter;
import io.kumo.nats.messaging.converter.NatsMessageConverter;
import io.kumo.nats.messaging.listener.NatsHeader;
import io.kumo.nats.messaging.listener.NatsListener;
import io.kumo.nats.messaging.listener.NatsListenerContainer;
import io.kumo.nats.messaging.listener.NatsListenerEndpointRegistry;
import io.kumo.nats.messaging.listener.NatsSubject;
import io.kumo.nats.test.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * {@code @NatsListener} methods on a real server: their parameters, subjects, queue groups,
 * concurrency, and stopping and starting them through the registry.
 */
class NatsListenerTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, NatsListenerAutoConfiguration.class))
		.withPropertyValues("kumo.nats.connections.main.servers=" + nats.server().address());

	@Test
	void convertsStringBytesJsonAndHeaders() {
		this.contextRunner.withUserConfiguration(ConvertingListeners.class).run((context) -> {
			ConvertingListeners listeners = context.getBean(ConvertingListeners.class);
			try (Connection publisher = publisher()) {
				Headers headers = new Headers().add("Order-Id", "o-1").add("Tag", "a", "b");
				publisher.publish("convert.text", headers, "héllo".getBytes(StandardCharsets.UTF_8));
				publisher.publish("convert.bytes", new byte[] { 0, 1, 2, (byte) 0xff });
				publisher.publish("convert.json", new Headers().add("Content-Type", "application/json"),
						"{\"id\":\"o-7\",\"quantity\":3}".getBytes(StandardCharsets.UTF_8));
				publisher.flush(WAIT);
				await().atMost(WAIT).untilAsserted(() -> assertThat(listeners.received).containsExactlyInAnyOrder(
						"text héllo o-1 [a, b] convert.text", "bytes [0, 1, 2, -1]",
						"json Order[id=o-7, quantity=3] convert.json"));
			}
		});
	}

	@Test
	void optionalHeaderIsNullAndHeadersAreEmptyWhenTheMessageHasNone() {
		this.contextRunner.withUserConfiguration(ConvertingListeners.class).run((context) -> {
			ConvertingListeners listeners = context.getBean(ConvertingListeners.class);
			try (Connection publisher = publisher()) {
				publisher.publish("convert.bare", "x".getBytes(StandardCharsets.UTF_8));
				assertThat(listeners.received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("bare null 0");
			}
		});
	}

	@Test
	void wildcardsAndPlaceholdersSelectTheSubjects() {
		this.contextRunner.withUserConfiguration(WildcardListeners.class)
			.withPropertyValues("app.prefix=wild", "app.id=wild-listener")
			.run((context) -> {
				WildcardListeners listeners = context.getBean(WildcardListeners.class);
				assertThat(context.getBean(NatsListenerEndpointRegistry.class).getListenerContainer("wild-listener"))
					.isNotNull();
				try (Connection publisher = publisher()) {
					publisher.publish("wild.a", "1".getBytes(StandardCharsets.UTF_8));
					publisher.publish("wild.a.b.c", "2".getBytes(StandardCharsets.UTF_8));
					publisher.publish("tame.x", "3".getBytes(StandardCharsets.UTF_8));
					publisher.publish("other.a", "4".getBytes(StandardCharsets.UTF_8));
					publisher.publish("expression.subject", "5".getBytes(StandardCharsets.UTF_8));
					publisher.flush(WAIT);
					await().atMost(WAIT).untilAsserted(() -> assertThat(listeners.subjects)
						.containsExactlyInAnyOrder("wild.a", "wild.a.b.c", "tame.x", "expression.subject"));
				}
			});
	}

	@Test
	void listenersOfOneQueueGroupShareTheMessagesWithNoneTwice() {
		this.contextRunner.withUserConfiguration(QueueListeners.class).run((context) -> {
			QueueListeners listeners = context.getBean(QueueListeners.class);
			int count = 2000;
			try (Connection publisher = publisher()) {
				for (int i = 0; i < count; i++) {
					publisher.publish("work.items", Integer.toString(i).getBytes(StandardCharsets.UTF_8));
				}
				publisher.flush(WAIT);
				await().atMost(WAIT)
					.until(() -> listeners.first.size() + listeners.second.size() + listeners.outsider.size() >= 2 * count);
				assertThat(listeners.duplicates).hasValue(0);
				assertThat(listeners.first.size() + listeners.second.size()).isEqualTo(count);
				assertThat(listeners.first).isNotEmpty().doesNotContainAnyElementsOf(listeners.second);
				assertThat(listeners.second).isNotEmpty();
				assertThat(listeners.outsider).hasSize(count);
			}
		});
	}

	@Test
	void concurrencyAboveOneHandlesMessagesInParallel() {
		this.contextRunner.withUserConfiguration(ParallelListener.class).run((context) -> {
			ParallelListener listener = context.getBean(ParallelListener.class);
			try (Connection publisher = publisher()) {
				for (int i = 0; i < 3; i++) {
					publisher.publish("parallel.work", new byte[0]);
				}
				publisher.flush(WAIT);
				assertThat(listener.allThreeInside.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
				assertThat(listener.threads).hasSize(3);
				listener.release.countDown();
			}
		});
	}

	@Test
	void registryStopsAndStartsAListenerById() {
		this.contextRunner.withUserConfiguration(StoppableListener.class).run((context) -> {
			StoppableListener listener = context.getBean(StoppableListener.class);
			NatsListenerEndpointRegistry registry = context.getBean(NatsListenerEndpointRegistry.class);
			assertThat(registry.getListenerContainers()).extracting(NatsListenerContainer::getId)
				.containsExactly("stoppable");
			try (Connection publisher = publisher()) {
				publisher.publish("stoppable.in", "before".getBytes(StandardCharsets.UTF_8));
				assertThat(listener.received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("before");
				registry.stop("stoppable");
				assertThat(registry.getListenerContainer("stoppable").isRunning()).isFalse();
				publisher.publish("stoppable.in", "while-stopped".getBytes(StandardCharsets.UTF_8));
				publisher.flush(WAIT);
				registry.start("stoppable");
				publisher.publish("stoppable.in", "after".getBytes(StandardCharsets.UTF_8));
				assertThat(listener.received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("after");
				assertThat(listener.received).isEmpty();
			}
		});
	}

	@Test
	void aListenerWithoutAutoStartupWaitsForTheRegistry() {
		this.contextRunner.withUserConfiguration(StoppableListener.class)
			.withPropertyValues("app.auto-startup=false")
			.run((context) -> {
				StoppableListener listener = context.getBean(StoppableListener.class);
				NatsListenerEndpointRegistry registry = context.getBean(NatsListenerEndpointRegistry.class);
				assertThat(registry.getListenerContainer("stoppable").isRunning()).isFalse();
				try (Connection publisher = publisher()) {
					publisher.publish("stoppable.in", "unheard".getBytes(StandardCharsets.UTF_8));
					publisher.flush(WAIT);
					registry.start("stoppable");
					publisher.publish("stoppable.in", "heard".getBytes(StandardCharsets.UTF_8));
					assertThat(listener.received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("heard");
				}
			});
	}

	@Test
	void aContainerMadeElsewhereRunsWithTheOthersAndCannotTakeATakenId() {
		this.contextRunner.withUserConfiguration(StoppableListener.class).run((context) -> {
			NatsListenerEndpointRegistry registry = context.getBean(NatsListenerEndpointRegistry.class);
			Connection connection = context.getBean(Connection.class);
			TestJetStreamListenerContainer own = new TestJetStreamListenerContainer("own", "main", connection, "OWN",
					"own", false);
			registry.registerListenerContainer(own);
			assertThat(own.isRunning()).isTrue();
			assertThat(registry.getListenerContainers()).extracting(NatsListenerContainer::getId)
				.containsExactlyInAnyOrder("stoppable", "own");
			assertThatIllegalStateException()
				.isThrownBy(() -> registry.registerListenerContainer(new TestJetStreamListenerContainer("stoppable",
						"main", connection, "OWN", "own", false)))
				.withMessageContaining("Two @NatsListener have the id 'stoppable'");
			registry.stop();
			assertThat(own.isRunning()).isFalse();
		});
	}

	@Test
	void anUnknownConnectionFailsStartupNamingIt() {
		this.contextRunner.withUserConfiguration(StoppableListener.class)
			.withPropertyValues("app.connection=nowhere")
			.run((context) -> assertThat(startupFailure(context))
				.hasMessageContaining("names connection 'nowhere'")
				.hasMessageContaining("configured: [main]"));
	}

	@Test
	void anInvalidConcurrencyFailsStartupNamingIt() {
		this.contextRunner.withUserConfiguration(StoppableListener.class)
			.withPropertyValues("app.concurrency=many")
			.run((context) -> assertThat(startupFailure(context))
				.hasMessageContaining("@NatsListener 'stoppable'")
				.hasMessageContaining("concurrency 'many'"));
	}

	@Test
	void twoListenersWithOneIdFailStartupNamingBothMethods() {
		this.contextRunner.withUserConfiguration(StoppableListener.class, SameIdListener.class)
			.run((context) -> assertThat(startupFailure(context)).hasMessageContaining("have the id 'stoppable'")
				.hasMessageContaining(StoppableListener.class.getName() + ".receive")
				.hasMessageContaining(SameIdListener.class.getName() + ".receive"));
	}

	@Test
	void aMethodWithTwoPayloadsFailsStartup() {
		this.contextRunner.withUserConfiguration(TwoPayloadListener.class)
			.run((context) -> assertThat(startupFailure(context))
				.hasMessageContaining("has two payload parameters"));
	}

	static Throwable startupFailure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		return NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
	}

	private static Connection publisher() throws Exception {
		return Nats.connect(nats.server().url());
	}

	record Order(String id, int quantity) {
	}

	@Configuration(proxyBeanMethods = false)
	static class ConvertingListeners {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@Bean
		NatsMessageConverter jsonConverter() {
			return new JacksonJsonNatsMessageConverter(JsonMapper.builder().build());
		}

		@NatsListener(subjects = "convert.text")
		void text(String text, @NatsHeader("Order-Id") String orderId, @NatsHeader("Tag") List<String> tags,
				@NatsSubject String subject) {
			this.received.add("text " + text + " " + orderId + " " + tags + " " + subject);
		}

		@NatsListener(subjects = "convert.bytes")
		void bytes(byte[] body) {
			StringBuilder values = new StringBuilder();
			for (byte b : body) {
				values.append((values.length() > 0) ? ", " : "").append(b);
			}
			this.received.add("bytes [" + values + "]");
		}

		@NatsListener(subjects = "convert.json")
		void json(Order order, Message message) {
			this.received.add("json " + order + " " + message.getSubject());
		}

		@NatsListener(subjects = "convert.bare")
		void bare(@NatsHeader(value = "Order-Id", required = false) String orderId, Headers headers) {
			this.received.add("bare " + orderId + " " + headers.size());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class WildcardListeners {

		final Set<String> subjects = ConcurrentHashMap.newKeySet();

		@NatsListener(id = "${app.id}", subjects = { "${app.prefix}.>", "tame.*" })
		@NatsListener(subjects = "#{'expression' + '.subject'}")
		void any(@NatsSubject String subject) {
			this.subjects.add(subject);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class QueueListeners {

		final Set<String> first = ConcurrentHashMap.newKeySet();

		final Set<String> second = ConcurrentHashMap.newKeySet();

		final Set<String> outsider = ConcurrentHashMap.newKeySet();

		final AtomicInteger duplicates = new AtomicInteger();

		@NatsListener(subjects = "work.items", queue = "workers")
		void first(String item) {
			record(this.first, item);
		}

		@NatsListener(subjects = "work.items", queue = "workers")
		void second(String item) {
			record(this.second, item);
		}

		@NatsListener(subjects = "work.items")
		void outsider(String item) {
			record(this.outsider, item);
		}

		private void record(Set<String> items, String item) {
			if (!items.add(item)) {
				this.duplicates.incrementAndGet();
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ParallelListener {

		final CountDownLatch allThreeInside = new CountDownLatch(3);

		final CountDownLatch release = new CountDownLatch(1);

		final Set<String> threads = ConcurrentHashMap.newKeySet();

		@NatsListener(subjects = "parallel.work", concurrency = "3")
		void work(byte[] body) throws InterruptedException {
			this.threads.add(Thread.currentThread().getName());
			this.allThreeInside.countDown();
			this.release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class StoppableListener {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@NatsListener(id = "stoppable", subjects = "stoppable.in", connection = "${app.connection:main}",
				concurrency = "${app.concurrency:1}", autoStartup = "${app.auto-startup:true}")
		void receive(String text) {
			this.received.add(text);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SameIdListener {

		@NatsListener(id = "stoppable", subjects = "other.in")
		void receive(String text) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoPayloadListener {

		@NatsListener(subjects = "two.payloads")
		void receive(String one, String two) {
		}

	}

}
