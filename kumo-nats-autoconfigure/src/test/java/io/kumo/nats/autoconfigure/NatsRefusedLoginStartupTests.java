package io.kumo.nats.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.NatsServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A YAML-declared connection whose login the server refuses fails startup as soon as the server
 * answers, not after a long {@code connection-timeout}.
 */
class NatsRefusedLoginStartupTests {

	private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(30);

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension(NatsServer.builder().user("orders", "Right-Pa55"));

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class));

	@Test
	void wrongPasswordFailsStartupLongBeforeTheConnectionTimeout() {
		long start = System.nanoTime();
		this.contextRunner
			.withPropertyValues("kumo.nats.connections.orders.servers=" + nats.server().address(),
					"kumo.nats.connections.orders.connection-timeout=" + CONNECTION_TIMEOUT.toSeconds() + "s",
					"kumo.nats.connections.orders.auth.username=orders",
					"kumo.nats.connections.orders.auth.password=Wrong-Pa55")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(messages(context.getStartupFailure()))
					.contains("NATS connection 'orders' could not connect to [nats://" + nats.server().address()
							+ "]: the server refused the login: Authorization Violation")
					.doesNotContain("Pa55")
					.doesNotContain("null");
			});
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(CONNECTION_TIMEOUT.dividedBy(3));
	}

	private static String messages(Throwable failure) {
		List<String> messages = new ArrayList<>();
		for (Throwable current = failure; current != null; current = current.getCause()) {
			messages.add(current.getMessage());
		}
		return String.join("\n", messages);
	}

}
