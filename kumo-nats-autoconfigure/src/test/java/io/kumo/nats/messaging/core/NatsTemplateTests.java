package io.kumo.nats.messaging.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.autoconfigure.messaging.NatsTemplateAutoConfiguration;
import io.kumo.nats.connection.NatsNoRespondersException;
import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.service.ServiceMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A template sends, requests and publishes to JetStream on a real server, and what arrives is
 * read with plain jnats.
 */
class NatsTemplateTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension(NatsServer.builder().jetStream());

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, JacksonAutoConfiguration.class,
				NatsTemplateAutoConfiguration.class))
		.withPropertyValues("kumo.nats.connections.main.servers=" + nats.server().address(),
				"kumo.nats.connections.main.request-timeout=2s");

	@Test
	void sendsTextBytesObjectsAndHeaders() {
		this.contextRunner.run((context) -> {
			NatsTemplate template = context.getBean(NatsTemplate.class);
			Subscription raw = subscribe(context.getBean(Connection.class), "send.>");
			template.send("send.text", "grüße");
			template.send("send.bytes", new byte[] { 1, 2, 3 });
			template.send("send.object", new Greeting("hello", 2));
			Headers given = new Headers().put("X-Tenant", "acme");
			template.send("send.headers", "with headers", given);

			Message text = raw.nextMessage(WAIT);
			assertThat(text.getSubject()).isEqualTo("send.text");
			assertThat(new String(text.getData(), StandardCharsets.UTF_8)).isEqualTo("grüße");
			assertThat(text.getHeaders().getFirst("Content-Type")).isEqualTo("text/plain;charset=UTF-8");

			Message bytes = raw.nextMessage(WAIT);
			assertThat(bytes.getData()).containsExactly(1, 2, 3);
			assertThat(bytes.hasHeaders()).isFalse();

			Message object = raw.nextMessage(WAIT);
			assertThat(new String(object.getData(), StandardCharsets.UTF_8))
				.isEqualTo("{\"text\":\"hello\",\"times\":2}");
			assertThat(object.getHeaders().getFirst("Content-Type")).isEqualTo("application/json");

			Message withHeaders = raw.nextMessage(WAIT);
			assertThat(withHeaders.getHeaders().getFirst("X-Tenant")).isEqualTo("acme");
			assertThat(withHeaders.getHeaders().getFirst("Content-Type")).isEqualTo("text/plain;charset=UTF-8");
			assertThat(given.keySet()).containsExactly("X-Tenant");
		});
	}

	@Test
	void requestConvertsTheReply() {
		this.contextRunner.run((context) -> {
			Connection connection = context.getBean(Connection.class);
			Dispatcher responder = respond(connection, "greet", (request) -> {
				String name = new String(request.getData(), StandardCharsets.UTF_8);
				connection.publish(request.getReplyTo(), new Headers().put("Content-Type", "application/json"),
						("{\"text\":\"hello " + name + "\",\"times\":" + name.length() + "}")
							.getBytes(StandardCharsets.UTF_8));
			});
			try {
				NatsTemplate template = context.getBean(NatsTemplate.class);
				assertThat(template.request("greet", "ada", Greeting.class)).isEqualTo(new Greeting("hello ada", 3));
				assertThat(template.request("greet", "bob", String.class))
					.isEqualTo("{\"text\":\"hello bob\",\"times\":3}");
				assertThat(template.request("greet", "eve", Message.class).getHeaders().getFirst("Content-Type"))
					.isEqualTo("application/json");
			}
			finally {
				connection.closeDispatcher(responder);
			}
		});
	}

	@Test
	void requestSendsObjectsAndHeaders() {
		this.contextRunner.run((context) -> {
			Connection connection = context.getBean(Connection.class);
			Dispatcher responder = respond(connection, "echo", (request) -> connection.publish(request.getReplyTo(),
					request.getHeaders(), request.getData()));
			try {
				NatsTemplate template = context.getBean(NatsTemplate.class);
				Headers headers = new Headers().put("X-Trace", "t-1");
				Message echoed = template.request("echo", new Greeting("hi", 1), headers, Message.class);
				assertThat(echoed.getHeaders().getFirst("X-Trace")).isEqualTo("t-1");
				assertThat(echoed.getHeaders().getFirst("Content-Type")).isEqualTo("application/json");
				assertThat(template.request("echo", new Greeting("hi", 1), Greeting.class))
					.isEqualTo(new Greeting("hi", 1));
			}
			finally {
				connection.closeDispatcher(responder);
			}
		});
	}

	@Test
	void serviceErrorReplyIsAClearException() {
		this.contextRunner.run((context) -> {
			Connection connection = context.getBean(Connection.class);
			Dispatcher responder = respond(connection, "failing", (request) -> connection.publish(
					request.getReplyTo(), new Headers().put(ServiceMessage.NATS_SERVICE_ERROR, "order not found")
						.put(ServiceMessage.NATS_SERVICE_ERROR_CODE, "404"),
					new byte[0]));
			try {
				NatsTemplate template = context.getBean(NatsTemplate.class);
				assertThatExceptionOfType(NatsServiceErrorException.class)
					.isThrownBy(() -> template.request("failing", "A-1", Greeting.class))
					.withMessageContaining("'failing'")
					.withMessageContaining("404")
					.withMessageContaining("order not found")
					.satisfies((ex) -> {
						assertThat(ex.getCode()).isEqualTo(404);
						assertThat(ex.getText()).isEqualTo("order not found");
					});
				CompletableFuture<Greeting> async = template.requestAsync("failing", "A-1", Greeting.class);
				assertThatExceptionOfType(ExecutionException.class)
					.isThrownBy(() -> async.get(WAIT.toSeconds(), TimeUnit.SECONDS))
					.withCauseInstanceOf(NatsServiceErrorException.class);
			}
			finally {
				connection.closeDispatcher(responder);
			}
		});
	}

	@Test
	void noRespondersFailsAtOnce() {
		this.contextRunner.withPropertyValues("kumo.nats.connections.main.request-timeout=30s").run((context) -> {
			NatsTemplate template = context.getBean(NatsTemplate.class);
			long start = System.nanoTime();
			assertThatExceptionOfType(NatsNoRespondersException.class)
				.isThrownBy(() -> template.request("nobody.listens", "hi", String.class))
				.withMessageContaining("'nobody.listens'");
			CompletableFuture<String> async = template.requestAsync("nobody.listens", "hi", String.class);
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> async.get(WAIT.toSeconds(), TimeUnit.SECONDS))
				.withCauseInstanceOf(NatsNoRespondersException.class);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
		});
	}

	@Test
	void silentResponderTimesOutAfterTheConnectionsRequestTimeout() {
		this.contextRunner.withPropertyValues("kumo.nats.connections.main.request-timeout=300ms").run((context) -> {
			Connection connection = context.getBean(Connection.class);
			Subscription silent = subscribe(connection, "silent");
			NatsTemplate template = context.getBean(NatsTemplate.class);
			long start = System.nanoTime();
			assertThatExceptionOfType(NatsRequestTimeoutException.class)
				.isThrownBy(() -> template.request("silent", "hi", String.class))
				.withMessageContaining("'silent'")
				.withMessageContaining("300 ms");
			Duration waited = Duration.ofNanos(System.nanoTime() - start);
			assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(WAIT);
			CompletableFuture<String> async = template.requestAsync("silent", "hi", String.class);
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> async.get(WAIT.toSeconds(), TimeUnit.SECONDS))
				.withCauseInstanceOf(NatsRequestTimeoutException.class);
			silent.unsubscribe();
		});
	}

	@Test
	void asyncRequestCompletesWithTheConvertedReply() {
		this.contextRunner.run((context) -> {
			Connection connection = context.getBean(Connection.class);
			Dispatcher responder = respond(connection, "greet.async",
					(request) -> connection.publish(request.getReplyTo(),
							"{\"text\":\"later\",\"times\":5}".getBytes(StandardCharsets.UTF_8)));
			try {
				NatsTemplate template = context.getBean(NatsTemplate.class);
				CompletableFuture<Greeting> reply = template.requestAsync("greet.async", new byte[0], Greeting.class);
				assertThat(reply.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new Greeting("later", 5));
			}
			finally {
				connection.closeDispatcher(responder);
			}
		});
	}

	@Test
	void jetStreamPublishReturnsTheAck() {
		this.contextRunner.run((context) -> {
			JetStreamManagement management = context.getBean(JetStreamManagement.class);
			management.addStream(StreamConfiguration.builder().name("TEMPLATE").subjects("template.>").build());
			try {
				NatsTemplate template = context.getBean(NatsTemplate.class);
				PublishAck bytes = template.publish("template.bytes", new byte[] { 7 });
				assertThat(bytes.getStream()).isEqualTo("TEMPLATE");
				assertThat(bytes.getSeqno()).isEqualTo(1);
				PublishAck object = template.publish("template.object", new Greeting("stored", 1),
						new Headers().put("Nats-Msg-Id", "greeting-1"));
				assertThat(object.getSeqno()).isEqualTo(2);
				PublishAck duplicate = template.publish("template.object", new Greeting("stored", 1),
						new Headers().put("Nats-Msg-Id", "greeting-1"));
				assertThat(duplicate.isDuplicate()).isTrue();
				MessageInfo stored = management.getMessage("TEMPLATE", 2);
				assertThat(new String(stored.getData(), StandardCharsets.UTF_8))
					.isEqualTo("{\"text\":\"stored\",\"times\":1}");
				assertThat(stored.getHeaders().getFirst("Content-Type")).isEqualTo("application/json");
			}
			finally {
				management.deleteStream("TEMPLATE");
			}
		});
	}

	@Test
	void jetStreamPublishWithoutAStreamFails() {
		this.contextRunner.run((context) -> {
			NatsTemplate template = context.getBean(NatsTemplate.class);
			assertThatExceptionOfType(NatsPublishException.class)
				.isThrownBy(() -> template.publish("no.stream.here", "lost"))
				.withMessageContaining("'no.stream.here'");
		});
	}

	private static Subscription subscribe(Connection connection, String subject) throws Exception {
		Subscription subscription = connection.subscribe(subject);
		connection.flush(WAIT);
		return subscription;
	}

	private static Dispatcher respond(Connection connection, String subject, Responder responder) throws Exception {
		Dispatcher dispatcher = connection.createDispatcher((request) -> {
			try {
				responder.reply(request);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		dispatcher.subscribe(subject);
		connection.flush(WAIT);
		return dispatcher;
	}

	@FunctionalInterface
	interface Responder {

		void reply(Message request) throws Exception;

	}

	record Greeting(String text, int times) {
	}

}
