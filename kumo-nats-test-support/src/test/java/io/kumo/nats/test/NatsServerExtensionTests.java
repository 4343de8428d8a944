package io.kumo.nats.test;

import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class NatsServerExtensionTests {

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension(NatsServer.builder().jetStream());

	@Test
	void serverRunsDuringTests() throws Exception {
		try (Connection connection = Nats.connect(Clients.options(nats.server()).build())) {
			assertThat(connection.jetStreamManagement().getAccountStatistics()).isNotNull();
		}
	}

	@Nested
	class NestedTests {

		@Test
		void nestedClassSharesTheServer() {
			assertThat(nats.server().isRunning()).isTrue();
		}

	}

}
