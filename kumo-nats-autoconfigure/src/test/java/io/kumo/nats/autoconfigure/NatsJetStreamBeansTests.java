package io.kumo.nats.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.connection.RegisteredNatsConnection;
import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * JetStream, JetStream management and key-value access per configured connection, honouring
 * {@code request-timeout}.
 */
class NatsJetStreamBeansTests {

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension(NatsServer.builder().jetStream());

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class))
		.withPropertyValues("kumo.nats.connections.orders.servers=" + nats.server().address(),
				"kumo.nats.connections.orders.request-timeout=300ms",
				"kumo.nats.connections.audit.servers=" + nats.server().address(),
				"kumo.nats.connections.audit.primary=true");

	@Test
	void jetStreamBeansArePerConnectionAndQualifiedByName() {
		this.contextRunner.run((context) -> {
			JetStreamManagement management = context.getBean("ordersJetStreamManagement", JetStreamManagement.class);
			management.addStream(StreamConfiguration.builder().name("ORDERS").subjects("orders.>").build());
			JetStream jetStream = context.getBean("ordersJetStream", JetStream.class);
			PublishAck ack = jetStream.publish("orders.new", "one".getBytes(StandardCharsets.UTF_8));
			assertThat(ack.getStream()).isEqualTo("ORDERS");
			assertThat(ack.getSeqno()).isEqualTo(1);
			assertThat(context.getBean(JetStream.class)).isSameAs(context.getBean("auditJetStream"));
		});
	}

	@Test
	void jetStreamHonoursRequestTimeout() {
		this.contextRunner.run((context) -> {
			Connection silent = context.getBean("auditNatsConnection", Connection.class);
			silent.subscribe("unacked.subject");
			silent.flush(Duration.ofSeconds(5));
			JetStream jetStream = context.getBean("ordersJetStream", JetStream.class);
			long start = System.nanoTime();
			assertThatException().isThrownBy(() -> jetStream.publish("unacked.subject", new byte[0]));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		});
	}

	@Test
	void keyValueBucketsByName() {
		this.contextRunner.run((context) -> {
			RegisteredNatsConnection orders = context.getBean(NatsConnectionRegistry.class).get("orders");
			orders.connection()
				.keyValueManagement()
				.create(KeyValueConfiguration.builder().name("settings").build());
			KeyValue bucket = orders.keyValue("settings");
			bucket.put("colour", "blue");
			assertThat(bucket.get("colour").getValueAsString()).isEqualTo("blue");
		});
	}

}
