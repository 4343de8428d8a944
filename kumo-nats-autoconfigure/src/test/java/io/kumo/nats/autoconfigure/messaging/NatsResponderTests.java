package io.kumo.nats.autoconfigure.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.messaging.converter.JacksonJsonNatsMessageConverter;
import io.kumo.nats.messaging.converter.NatsMessageConversionException;
import io.kumo.nats.messaging.converter.NatsMessageConverter;
import io.kumo.nats.messaging.listener.NatsListener;
import io.kumo.nats.messaging.listener.NatsListenerErrorHandler;
import io.kumo.nats.metrics.CountingNatsListenerErrorHandler;
import io.kumo.nats.test.NatsServerExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Listener methods that answer requests, and what a failing listener leads to: a service error
 * for the requester, the error handler told with the subject, the failure counted, and the next
 * message still handled.
 */
@ExtendWith(OutputCaptureExtension.class)
class NatsResponderTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, NatsListenerAutoConfiguration.class))
		.withPropertyValues("kumo.nats.connections.main.servers=" + nats.server().address())
		.withUserConfiguration(Responders.class);

	@Test
	void aResponderAnswersWithATypedReplyAsJson() {
		this.contextRunner.run((context) -> {
			try (Connection requester = requester()) {
				Message reply = requester.request("quote.price",
						new Headers().add("Content-Type", "application/json"),
						"{\"item\":\"apple\",\"quantity\":3}".getBytes(StandardCharsets.UTF_8), WAIT);
				assertThat(new String(reply.getData(), StandardCharsets.UTF_8))
					.isEqualTo("{\"item\":\"apple\",\"cents\":150}");
				assertThat(reply.getHeaders().getFirst("Content-Type")).isEqualTo("application/json");
				assertThat(reply.getHeaders().containsKey("Nats-Service-Error")).isFalse();
			}
		});
	}

	@Test
	void aResponderReturningBytesAnswersWithThemAsTheyAre() {
		this.contextRunner.run((context) -> {
			try (Connection requester = requester()) {
				Message reply = requester.request("echo.bytes", new byte[] { 1, 2, 3 }, WAIT);
				assertThat(reply.getData()).containsExactly(3, 2, 1);
				assertThat(reply.hasHeaders()).isFalse();
			}
		});
	}

	@Test
	void aThrowingResponderAnswersWithAServiceError(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			try (Connection requester = requester()) {
				Message reply = requester.request("quote.broken", "secret-payload-text".getBytes(StandardCharsets.UTF_8),
						WAIT);
				assertThat(reply.getHeaders().getFirst("Nats-Service-Error-Code")).isEqualTo("500");
				assertThat(reply.getHeaders().getFirst("Nats-Service-Error"))
					.isEqualTo("Listener 'broken' failed: IllegalStateException");
				assertThat(reply.getData()).isEmpty();
			}
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(output)
					.contains("NATS listener 'broken' failed to handle a message on subject 'quote.broken'"));
			assertThat(output).doesNotContain("secret-payload-text");
		});
	}

	@Test
	void anUnconvertibleRequestIsABadRequest() {
		this.contextRunner.run((context) -> {
			try (Connection requester = requester()) {
				Message reply = requester.request("quote.price", "not json".getBytes(StandardCharsets.UTF_8), WAIT);
				assertThat(reply.getHeaders().getFirst("Nats-Service-Error-Code")).isEqualTo("400");
				assertThat(reply.getHeaders().getFirst("Nats-Service-Error"))
					.contains("The message on subject 'quote.price'")
					.contains(Quote.class.getName());
			}
		});
	}

	@Test
	void aReplyThatCannotBeConvertedIsAServerError() {
		this.contextRunner.run((context) -> {
			try (Connection requester = requester()) {
				Message reply = requester.request("quote.unwritable", new byte[0], WAIT);
				assertThat(reply.getHeaders().getFirst("Nats-Service-Error-Code")).isEqualTo("500");
				assertThat(reply.getHeaders().getFirst("Nats-Service-Error"))
					.isEqualTo("Listener 'unwritable' failed: NatsMessageConversionException");
			}
		});
	}

	@Test
	void anUnconvertiblePayloadReachesTheErrorHandlerAndTheListenerGoesOn() {
		this.contextRunner.withUserConfiguration(RecordingErrorHandler.class).run((context) -> {
			Responders responders = context.getBean(Responders.class);
			RecordingErrorHandler errors = context.getBean(RecordingErrorHandler.class);
			try (Connection publisher = requester()) {
				publisher.publish("quote.events", "{broken".getBytes(StandardCharsets.UTF_8));
				publisher.publish("quote.events", "{\"item\":\"pear\",\"quantity\":1}".getBytes(StandardCharsets.UTF_8));
				publisher.flush(WAIT);
				assertThat(errors.failures.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
					.isEqualTo("events quote.events NatsMessageConversionException");
				assertThat(responders.events.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
					.isEqualTo(new Quote("pear", 1));
			}
		});
	}

	@Test
	void failuresAreCountedWhenAMeterRegistryIsPresent() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			assertThat(context).getBean(NatsListenerErrorHandler.class)
				.isInstanceOf(CountingNatsListenerErrorHandler.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			try (Connection publisher = requester()) {
				publisher.publish("quote.broken", new byte[0]);
				publisher.publish("quote.broken", new byte[0]);
				publisher.flush(WAIT);
				await().atMost(WAIT).untilAsserted(() -> assertThat(meters.find("nats.listener.errors")
					.tag("listener", "broken")
					.tag("exception", "IllegalStateException")
					.counter()).isNotNull().satisfies((counter) -> assertThat(counter.count()).isEqualTo(2.0)));
			}
		});
	}

	private static Connection requester() throws Exception {
		return Nats.connect(nats.server().url());
	}

	record Quote(String item, int quantity) {
	}

	record Price(String item, int cents) {
	}

	record Unwritable(String value) {

		@Override
		public String value() {
			throw new IllegalStateException("cannot be read");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Responders {

		final BlockingQueue<Quote> events = new LinkedBlockingQueue<>();

		@Bean
		NatsMessageConverter jsonConverter() {
			return new JacksonJsonNatsMessageConverter(JsonMapper.builder().build());
		}

		@NatsListener(subjects = "quote.price")
		Price price(Quote quote) {
			return new Price(quote.item(), quote.quantity() * 50);
		}

		@NatsListener(subjects = "echo.bytes")
		byte[] reverse(byte[] body) {
			byte[] reversed = new byte[body.length];
			for (int i = 0; i < body.length; i++) {
				reversed[i] = body[body.length - 1 - i];
			}
			return reversed;
		}

		@NatsListener(id = "broken", subjects = "quote.broken")
		Price broken(String text) {
			throw new IllegalStateException("the database password is hunter2");
		}

		@NatsListener(id = "unwritable", subjects = "quote.unwritable")
		Unwritable unwritable(byte[] body) {
			return new Unwritable("never sent");
		}

		@NatsListener(id = "events", subjects = "quote.events")
		void event(Quote quote) {
			this.events.add(quote);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingErrorHandler implements NatsListenerErrorHandler {

		final BlockingQueue<String> failures = new LinkedBlockingQueue<>();

		@Override
		public void handleError(String listenerId, Message message, Throwable error) {
			assertThat(error).isInstanceOf(NatsMessageConversionException.class);
			this.failures.add(listenerId + " " + message.getSubject() + " " + error.getClass().getSimpleName());
		}

	}

}
