package io.kumo.nats.autoconfigure.lua;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.autoconfigure.jetstream.NatsJetStreamAutoConfiguration;
import io.kumo.nats.autoconfigure.messaging.NatsListenerAutoConfiguration;
import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.impl.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Lua handler on a durable JetStream consumer: a function that raises hands the message back,
 * so it is delivered again with the backoff, and once the function returns the message is
 * acknowledged for good.
 */
class NatsLuaJetStreamHandlerTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final String HANDLER = "kumo.nats.lua.handlers.settle.";

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension(NatsServer.builder().jetStream());

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, NatsJetStreamAutoConfiguration.class,
				NatsListenerAutoConfiguration.class, NatsLuaAutoConfiguration.class))
		.withPropertyValues("kumo.nats.connections.main.servers=" + nats.server().address(),
				"kumo.nats.connections.main.jetstream.streams.SETTLE.subjects=settle.orders",
				"kumo.nats.connections.main.jetstream.consumers.settler.stream=SETTLE",
				HANDLER + "script=classpath:lua-handlers/settle.lua", HANDLER + "stream=SETTLE",
				HANDLER + "durable=settler", HANDLER + "backoff=200ms", HANDLER + "max-deliveries=5");

	@Test
	void aRaisingFunctionHasTheMessageDeliveredAgainUntilItReturns() {
		this.contextRunner.run((context) -> {
			try (Connection observer = Nats.connect(nats.server().url())) {
				Subscription seen = observer.subscribe("settle.seen");
				observer.flush(WAIT);
				Headers headers = new Headers().add("Report-To", nats.server().url());
				observer.jetStream().publish("settle.orders", headers, "order-7".getBytes(StandardCharsets.UTF_8));
				List<String> deliveries = new ArrayList<>();
				for (int i = 0; i < 3; i++) {
					Message message = seen.nextMessage(WAIT);
					assertThat(message).as("delivery %d", i + 1).isNotNull();
					deliveries.add(new String(message.getData(), StandardCharsets.UTF_8));
				}
				assertThat(deliveries).containsExactly("order-7|SETTLE|1|1", "order-7|SETTLE|1|2",
						"order-7|SETTLE|1|3");
				await().atMost(WAIT).untilAsserted(() -> {
					ConsumerInfo consumer = observer.jetStreamManagement().getConsumerInfo("SETTLE", "settler");
					assertThat(consumer.getNumAckPending()).isZero();
					assertThat(consumer.getNumPending()).isZero();
				});
				assertThat(seen.nextMessage(Duration.ofMillis(1500))).as("a fourth delivery").isNull();
			}
		});
	}

}
