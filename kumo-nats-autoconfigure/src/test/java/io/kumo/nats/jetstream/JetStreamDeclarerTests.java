package io.kumo.nats.jetstream;

import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The declarer, without Spring, against a real server: what it creates, updates and leaves alone,
 * and what a refused consumer change reports.
 */
class JetStreamDeclarerTests {

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension(NatsServer.builder().jetStream());

	private Connection connection;

	private JetStreamDeclarer declarer;

	@BeforeEach
	void connect() throws Exception {
		this.connection = Nats.connect("nats://" + nats.server().address());
		JetStreamManagement management = this.connection.jetStreamManagement();
		this.declarer = new JetStreamDeclarer("core", management);
	}

	@AfterEach
	void close() throws InterruptedException {
		this.connection.close();
	}

	@Test
	void createsThenLeavesAloneThenUpdates() throws Exception {
		JetStreamDeclarations first = declarations("core.first.>", 3);
		assertThat(this.declarer.declare(first).created()).containsExactly("stream 'CORE'", "key-value bucket 'core'",
				"consumer 'worker' of stream 'CORE'");
		JetStreamDeclarationReport again = this.declarer.declare(declarations("core.first.>", 3));
		assertThat(again.created()).isEmpty();
		assertThat(again.updated()).isEmpty();
		assertThat(again.unchanged()).hasSize(3);
		JetStreamDeclarationReport changed = this.declarer.declare(declarations("core.second.>", 4));
		assertThat(changed.updated()).containsExactly("stream 'CORE'", "consumer 'worker' of stream 'CORE'");
		assertThat(changed.unchanged()).containsExactly("key-value bucket 'core'");
	}

	@Test
	void refusedConsumerChangeNamesTheSetting() throws Exception {
		this.declarer.declare(new JetStreamDeclarations()
			.stream(StreamConfiguration.builder().name("FIXED").subjects("fixed.>").build(), "test")
			.consumer(new NatsConsumerDeclaration("FIXED", ConsumerConfiguration.builder().durable("reader").build()),
					"test"));
		JetStreamDeclarations changed = new JetStreamDeclarations().consumer(new NatsConsumerDeclaration("FIXED",
				ConsumerConfiguration.builder().durable("reader").deliverPolicy(DeliverPolicy.New).build()), "changed");
		assertThatExceptionOfType(NatsDeclarationException.class).isThrownBy(() -> this.declarer.declare(changed))
			.satisfies((ex) -> {
				assertThat(ex.getSource()).isEqualTo("changed");
				assertThat(ex.getKind()).isEqualTo(JetStreamDeclarationKind.CONSUMER);
				assertThat(ex.getSetting()).isEqualTo("deliver-policy");
			});
	}

	private static JetStreamDeclarations declarations(String subjects, int maxDeliver) {
		return new JetStreamDeclarations()
			.stream(StreamConfiguration.builder().name("CORE").subjects(subjects).build(), "test")
			.keyValue(KeyValueConfiguration.builder().name("core").maxHistoryPerKey(2).build(), "test")
			.consumer(new NatsConsumerDeclaration("CORE",
					ConsumerConfiguration.builder()
						.durable("worker")
						.ackPolicy(AckPolicy.Explicit)
						.maxDeliver(maxDeliver)
						.build()),
					"test");
	}

}
