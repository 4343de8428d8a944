package io.kumo.nats.autoconfigure.diagnostics;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.autoconfigure.jetstream.NatsJetStreamAutoConfiguration;
import io.kumo.nats.jetstream.NatsConsumerDeclaration;
import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A declaration the server refuses, or a misspelt declaration key, stops the application with a
 * failure-analysis report naming the property or the bean, the server's error and what to do.
 */
@ExtendWith(OutputCaptureExtension.class)
class NatsDeclarationFailureAnalysisTests {

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension(NatsServer.builder().jetStream());

	@Test
	void overlappingSubjectsNameTheSubjectsProperty(CapturedOutput output) throws Exception {
		addStream(StreamConfiguration.builder().name("TAKEN").subjects("taken.>").build());
		start(NatsApplication.class, "kumo.nats.connections.orders.jetstream.streams.CLASH.subjects=taken.new");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The NATS server behind connection 'orders' refused stream 'CLASH' as declared by "
					+ "'kumo.nats.connections.orders.jetstream.streams.CLASH.subjects': subjects overlap with an "
					+ "existing stream")
			.contains("Change 'kumo.nats.connections.orders.jetstream.streams.CLASH.subjects' so that the server "
					+ "accepts it. Another stream on the server already stores some of these subjects");
	}

	@Test
	void storageChangeNamesTheStorageProperty(CapturedOutput output) throws Exception {
		addStream(StreamConfiguration.builder().name("STORED").subjects("stored.>").build());
		start(NatsApplication.class, "kumo.nats.connections.orders.jetstream.streams.STORED.subjects=stored.>",
				"kumo.nats.connections.orders.jetstream.streams.STORED.storage=memory");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("refused stream 'STORED' as declared by "
					+ "'kumo.nats.connections.orders.jetstream.streams.STORED.storage'")
			.contains("The server cannot change this setting of an existing stream, and declarations never delete");
	}

	@Test
	void consumerBeanOfAMissingStreamNamesTheBean(CapturedOutput output) {
		start(MissingStreamConsumer.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("refused consumer 'orphan' as declared by bean 'orphanConsumer'")
			.contains("The consumer's stream does not exist: declare it too");
	}

	@Test
	void misspeltDeclarationKeyNamesTheNearestKey(CapturedOutput output) {
		start(NatsApplication.class, "kumo.nats.connections.orders.jetstream.streams.ORDERS.subjectz=orders.>");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Unknown NATS properties:")
			.contains("did you mean jetstream.streams.<name>.subjects?");
	}

	private static void addStream(StreamConfiguration stream) throws Exception {
		try (Connection connection = Nats.connect("nats://" + nats.server().address())) {
			connection.jetStreamManagement().addStream(stream);
		}
	}

	private static void start(Class<?> configuration, String... properties) {
		SpringApplication application = new SpringApplication(configuration);
		application.setWebApplicationType(WebApplicationType.NONE);
		String[] args = new String[properties.length + 1];
		args[0] = "--kumo.nats.connections.orders.servers=" + nats.server().address();
		for (int i = 0; i < properties.length; i++) {
			args[i + 1] = "--" + properties[i];
		}
		assertThatException().isThrownBy(() -> application.run(args).close());
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ NatsAutoConfiguration.class, NatsJetStreamAutoConfiguration.class })
	static class NatsApplication {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ NatsAutoConfiguration.class, NatsJetStreamAutoConfiguration.class })
	static class MissingStreamConsumer {

		@Bean
		NatsConsumerDeclaration orphanConsumer() {
			return new NatsConsumerDeclaration("NOWHERE", ConsumerConfiguration.builder().durable("orphan").build());
		}

	}

}
