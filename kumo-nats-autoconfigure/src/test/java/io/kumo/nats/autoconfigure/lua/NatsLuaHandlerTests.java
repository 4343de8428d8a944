package io.kumo.nats.autoconfigure.lua;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.autoconfigure.messaging.NatsListenerAutoConfiguration;
import io.kumo.nats.messaging.listener.NatsListenerContainer;
import io.kumo.nats.messaging.listener.NatsListenerEndpointRegistry;
import io.kumo.nats.test.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Lua handlers on a real server: a script's function answers requests with what it returns,
 * sees the subject, payload and headers byte for byte, fails like a Java listener (a service
 * error, the next message still handled) when it raises or overruns its budget, runs concurrent
 * messages in separate states, and is waited for when the application closes.
 */
class NatsLuaHandlerTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, NatsListenerAutoConfiguration.class,
				NatsLuaAutoConfiguration.class))
		.withPropertyValues("kumo.nats.connections.main.servers=" + nats.server().address());

	@Test
	void aHandlerAnswersARequestWithWhatItsFunctionReturns() {
		this.contextRunner.withPropertyValues(handler("echo", "classpath:lua-handlers/echo.lua", "lua.echo"))
			.run((context) -> {
				NatsListenerContainer container = context.getBean(NatsListenerEndpointRegistry.class)
					.getListenerContainer("echo");
				assertThat(container).isNotNull();
				assertThat(container.isRunning()).isTrue();
				try (Connection requester = requester()) {
					assertThat(text(requester.request("lua.echo", bytes("world"), WAIT))).isEqualTo("hello world");
				}
			});
	}

	@Test
	void aHandlerSeesSubjectHeadersAndPayloadByteForByte() {
		this.contextRunner
			.withPropertyValues(handler("inspect", "classpath:lua-handlers/inspect.lua", "lua.inspect.*"))
			.run((context) -> {
				try (Connection requester = requester()) {
					Headers headers = new Headers().add("X-One", "first").add("X-Two", "a", "b");
					Message reply = requester.request("lua.inspect.one", headers, new byte[] { 0, 1, 2, (byte) 255 },
							WAIT);
					byte[] data = reply.getData();
					String prefix = "lua.inspect.one|first|a,b|true|nil|4|";
					assertThat(new String(data, 0, prefix.length(), StandardCharsets.ISO_8859_1)).isEqualTo(prefix);
					assertThat(data).endsWith((byte) 255, (byte) 2, (byte) 1, (byte) 0);
					assertThat(data).hasSize(prefix.length() + 4);
				}
			});
	}

	@Test
	void aFunctionReturningNilSendsNoReply() {
		this.contextRunner
			.withPropertyValues(handler("silent", "classpath:lua-handlers/silent.lua", "lua.silent"))
			.withPropertyValues(handler("echo", "classpath:lua-handlers/echo.lua", "lua.echo"))
			.run((context) -> {
				try (Connection requester = requester()) {
					CompletableFuture<Message> silent = requester.requestWithTimeout("lua.silent", bytes("x"),
							Duration.ofSeconds(2));
					assertThat(text(requester.request("lua.echo", bytes("after"), WAIT))).isEqualTo("hello after");
					assertThat(silent).failsWithin(WAIT);
				}
			});
	}

	@Test
	void aHandlerThatRaisesGivesTheRequesterAServiceErrorAndHandlesTheNextMessage() {
		this.contextRunner.withPropertyValues(handler("echo", "classpath:lua-handlers/echo.lua", "lua.echo"))
			.run((context) -> {
				try (Connection requester = requester()) {
					Message failed = requester.request("lua.echo", bytes("boom"), WAIT);
					assertThat(failed.getHeaders().getFirst("Nats-Service-Error-Code")).isEqualTo("500");
					assertThat(failed.getHeaders().getFirst("Nats-Service-Error")).contains("'echo'");
					Message wrongType = requester.request("lua.echo", bytes("table"), WAIT);
					assertThat(wrongType.getHeaders().getFirst("Nats-Service-Error-Code")).isEqualTo("500");
					assertThat(text(requester.request("lua.echo", bytes("again"), WAIT))).isEqualTo("hello again");
				}
			});
	}

	@Test
	void aHandlerThatLoopsForeverHitsItsBudgetAndKeepsHandling() {
		this.contextRunner
			.withPropertyValues(handler("echo", "classpath:lua-handlers/echo.lua", "lua.echo"))
			.withPropertyValues("kumo.nats.lua.max-instructions=200000")
			.run((context) -> {
				try (Connection requester = requester()) {
					for (int i = 0; i < 3; i++) {
						Message stopped = requester.request("lua.echo", bytes("loop"), WAIT);
						assertThat(stopped.getHeaders().getFirst("Nats-Service-Error-Code")).isEqualTo("500");
						assertThat(text(requester.request("lua.echo", bytes("next"), WAIT))).isEqualTo("hello next");
					}
				}
			});
	}

	@Test
	void concurrentMessagesRunAtOnceEachInItsOwnState() {
		int concurrency = 4;
		this.contextRunner
			.withPropertyValues(handler("gated", "classpath:lua-handlers/gated.lua", "lua.gated"))
			.withPropertyValues("kumo.nats.lua.handlers.gated.concurrency=" + concurrency)
			.run((context) -> {
				try (Connection requester = requester(); Gate gate = new Gate(concurrency)) {
					List<CompletableFuture<Message>> replies = new ArrayList<>();
					for (int i = 0; i < concurrency; i++) {
						replies.add(requester.requestWithTimeout("lua.gated", bytes("m" + i), WAIT));
					}
					assertThat(gate.arrived.await(WAIT.toSeconds(), TimeUnit.SECONDS))
						.as("all calls wait at the gate at once").isTrue();
					gate.open();
					Set<String> states = new HashSet<>();
					for (CompletableFuture<Message> reply : replies) {
						Message message = reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
						assertThat(message.hasHeaders()).as("no service error").isFalse();
						states.add(text(message));
					}
					assertThat(states).hasSize(concurrency);
				}
			});
	}

	@Test
	void closingTheApplicationWaitsForARunningHandler() {
		this.contextRunner.withPropertyValues(handler("gated", "classpath:lua-handlers/gated.lua", "lua.gated"))
			.run((context) -> {
				try (Connection requester = requester(); Gate gate = new Gate(1)) {
					CompletableFuture<Message> reply = requester.requestWithTimeout("lua.gated", bytes("slow"), WAIT);
					assertThat(gate.arrived.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
					Connection connection = context.getBean(Connection.class);
					Thread closing = new Thread(context::close);
					closing.start();
					NatsListenerEndpointRegistry registry = context.getBean(NatsListenerEndpointRegistry.class);
					await().atMost(WAIT).until(() -> !registry.isRunning());
					assertThat(closing.isAlive()).isTrue();
					assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
					gate.open();
					closing.join(WAIT.toMillis());
					assertThat(closing.isAlive()).isFalse();
					Message answer = reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
					assertThat(answer.hasHeaders()).as("no service error").isFalse();
					assertThat(text(answer)).startsWith("table: ");
					assertThat(connection.getStatus()).isEqualTo(Connection.Status.CLOSED);
				}
			});
	}

	private static String[] handler(String id, String script, String subject) {
		return new String[] { "kumo.nats.lua.handlers." + id + ".script=" + script,
				"kumo.nats.lua.handlers." + id + ".subject=" + subject };
	}

	private static Connection requester() throws Exception {
		return Nats.connect(nats.server().url());
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(Message message) {
		return new String(message.getData(), StandardCharsets.UTF_8);
	}

	/**
	 * Holds the requests the scripts send to {@code gate.*} until it is opened, and counts those
	 * that arrived.
	 */
	private static final class Gate implements AutoCloseable {

		final CountDownLatch arrived;

		private final Connection connection;

		private final List<String> waiting = new CopyOnWriteArrayList<>();

		Gate(int expected) throws Exception {
			this.arrived = new CountDownLatch(expected);
			this.connection = Nats.connect(nats.server().url());
			Dispatcher dispatcher = this.connection.createDispatcher((message) -> {
				this.waiting.add(message.getReplyTo());
				this.arrived.countDown();
			});
			dispatcher.subscribe("gate.>");
			this.connection.flush(WAIT);
		}

		void open() {
			this.waiting.forEach((replyTo) -> this.connection.publish(replyTo, bytes("open")));
		}

		@Override
		public void close() throws InterruptedException {
			this.connection.close();
		}

	}

}
