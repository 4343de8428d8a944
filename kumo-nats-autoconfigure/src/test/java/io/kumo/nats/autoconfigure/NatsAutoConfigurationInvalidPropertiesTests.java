package io.kumo.nats.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invalid connection properties fail startup with a message that names the property and says
 * what is expected, and never shows a secret. None of these cases reaches a server.
 */
class NatsAutoConfigurationInvalidPropertiesTests {

	private static final String SECRET = "s3cr3t-Never-Shown";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class));

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			unknown key          | servers=127.0.0.1:1;colour=blue                         | kumo.nats.connections.orders.colour
			unknown auth key     | servers=127.0.0.1:1;auth.user=app                       | kumo.nats.connections.orders.auth.user
			empty servers        | name=x                                                  | kumo.nats.connections.orders.servers': must list at least one server address
			malformed server     | servers=127.0.0.1:notaport                              | kumo.nats.connections.orders.servers[0]': '127.0.0.1:notaport' is not a NATS server address
			bad scheme           | servers=http://127.0.0.1:1                              | kumo.nats.connections.orders.servers[0]': 'http://127.0.0.1:1' is not a NATS server address
			port out of range    | servers=127.0.0.1:1,127.0.0.1:70000                     | kumo.nats.connections.orders.servers[1]': '127.0.0.1:70000' is not a NATS server address
			secret in server url | servers=nats://app:s3cr3t-Never-Shown@127.0.0.1:x       | kumo.nats.connections.orders.servers[0]': 'nats://******@127.0.0.1:x' is not a NATS server address
			cert without key     | servers=127.0.0.1:1;client-cert=/tmp/c.pem              | kumo.nats.connections.orders.client-key': must be set when client-cert is set
			key without cert     | servers=127.0.0.1:1;client-key=/tmp/k.pem               | kumo.nats.connections.orders.client-cert': must be set when client-key is set
			user without pass    | servers=127.0.0.1:1;auth.username=app                   | kumo.nats.connections.orders.auth.password': must be set when auth.username is set
			pass without user    | servers=127.0.0.1:1;auth.password=s3cr3t-Never-Shown    | kumo.nats.connections.orders.auth.username': must be set when auth.password is set
			token and user       | servers=127.0.0.1:1;auth.username=app;auth.password=s3cr3t-Never-Shown;auth.token=s3cr3t-Never-Shown | kumo.nats.connections.orders.auth': set one kind of authentication: username and password, token, nkey or credentials
			missing certificate  | servers=127.0.0.1:1;certificate=/no/such/ca.pem         | kumo.nats.connections.orders.certificate': file '/no/such/ca.pem' does not exist
			missing client key   | servers=127.0.0.1:1;client-cert=classpath:none.pem;client-key=/no/key.pem | kumo.nats.connections.orders.client-cert': file 'classpath:none.pem' does not exist
			zero timeout         | servers=127.0.0.1:1;connection-timeout=0                | kumo.nats.connections.orders.connection-timeout': must be a duration greater than zero
			negative ping        | servers=127.0.0.1:1;ping-interval=-5s                   | kumo.nats.connections.orders.ping-interval': must be a duration greater than zero
			zero request timeout | servers=127.0.0.1:1;request-timeout=0ms                 | kumo.nats.connections.orders.request-timeout': must be a duration greater than zero
			zero capacity        | servers=127.0.0.1:1;sender-capacity=0                   | kumo.nats.connections.orders.sender-capacity': must be a whole number greater than 0
			negative capacity    | servers=127.0.0.1:1;sender_capacity=-1                  | kumo.nats.connections.orders.sender-capacity': must be a whole number greater than 0
			negative reconnects  | servers=127.0.0.1:1;max-reconnects=-1                   | kumo.nats.connections.orders.max-reconnects': must be 0 (no limit) or a positive whole number
			blank inbox prefix   | servers=127.0.0.1:1;inbox-prefix=a b                    | kumo.nats.connections.orders.inbox-prefix': must be a subject prefix
			""")
	void invalidPropertyFailsStartup(String description, String properties, String expectedMessage) {
		this.contextRunner.withPropertyValues(prefixed(properties)).run((context) -> {
			assertThat(context).hasFailed();
			String messages = messages(context.getStartupFailure());
			assertThat(messages).contains(expectedMessage.strip()).doesNotContain(SECRET);
		});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			two primaries | kumo.nats.connections.orders.primary': only one connection may be primary, and 'audit' already is
			""")
	void twoPrimariesFailStartup(String description, String expectedMessage) {
		this.contextRunner
			.withPropertyValues("kumo.nats.connections.audit.servers=127.0.0.1:1",
					"kumo.nats.connections.audit.primary=true", "kumo.nats.connections.orders.servers=127.0.0.1:1",
					"kumo.nats.connections.orders.primary=true")
			.run((context) -> assertThat(messages(context.getStartupFailure())).contains(expectedMessage));
	}

	@ParameterizedTest
	@ValueSource(strings = { "n\"}\r\nPUB fz.evil 3\r\nabc\r\n", "line\nbreak", "quote\"d", "back\\slash" })
	void nameThatCouldBreakTheConnectLineFailsStartup(String name) {
		this.contextRunner
			.withPropertyValues("kumo.nats.connections.orders.servers=127.0.0.1:1",
					"kumo.nats.connections.orders.name=" + name)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(messages(context.getStartupFailure())).contains(
						"kumo.nats.connections.orders.name': must not contain control characters such as line breaks, '\"' or '\\'");
			});
	}

	private static String[] prefixed(String properties) {
		return List.of(properties.strip().split(";"))
			.stream()
			.map((property) -> "kumo.nats.connections.orders." + property)
			.toArray(String[]::new);
	}

	private static String messages(Throwable failure) {
		List<String> messages = new ArrayList<>();
		for (Throwable current = failure; current != null; current = current.getCause()) {
			messages.add(current.toString());
		}
		return String.join("\n", messages);
	}

}
