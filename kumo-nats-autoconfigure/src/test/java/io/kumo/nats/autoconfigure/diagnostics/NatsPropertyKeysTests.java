package io.kumo.nats.autoconfigure.diagnostics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The valid keys come from the properties types, and a mistyped key finds its nearest valid one.
 */
class NatsPropertyKeysTests {

	@Test
	void connectionKeysAreReadFromTheConnectionProperties() {
		assertThat(NatsPropertyKeys.connection().keys()).contains("servers", "connection-timeout", "auth.username",
				"auth.password", "auth.token", "auth.nkey", "auth.credentials", "ssl.bundle", "primary",
				"retry-on-initial-connect")
			.doesNotContain("auth", "ssl", "class")
			.isSorted()
			.doesNotHaveDuplicates();
	}

	@Test
	void declarationKeysAreReadFromTheJetStreamProperties() {
		assertThat(NatsPropertyKeys.connection().keys()).contains("jetstream.streams.<name>.subjects",
				"jetstream.streams.<name>.max-age", "jetstream.consumers.<name>.stream",
				"jetstream.consumers.<name>.backoff", "jetstream.key-value.<name>.history")
			.doesNotContain("jetstream", "jetstream.streams");
	}

	@Test
	void topKeysAreTheLuaKeysWithoutTheConnections() {
		assertThat(NatsPropertyKeys.top().keys())
			.contains("lua.timeout", "lua.max-instructions", "template.observation-enabled")
			.noneMatch((key) -> key.startsWith("connections"));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(nullValues = "none", textBlock = """
			conection-timeout,  connection-timeout
			conection_timeout,  connection-timeout
			connectionTimout,   connection-timeout
			auth.pasword,       auth.password
			password,           auth.password
			tls-requierd,       tls-required
			server,             servers
			colour,             none
			jetstream.streams.ORDERS.subjectz,         jetstream.streams.<name>.subjects
			jetstream.streams.orders-v2.max_age,       jetstream.streams.<name>.max-age
			jetstream.consumers.billing.max-delivers,  jetstream.consumers.<name>.max-deliver
			jetstream.key-values.settings.history,     jetstream.key-value.<name>.history
			""")
	void nearestConnectionKey(String unknown, String nearest) {
		assertThat(NatsPropertyKeys.connection().nearest(unknown)).isEqualTo(nearest);
	}

}
