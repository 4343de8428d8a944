package io.kumo.nats.lua;

import java.time.Duration;

import io.kumo.nats.connection.RegisteredNatsConnection;
import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.NatsServerExtension;
import io.nats.client.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A script that connects, publishes and closes for every message reuses the socket of the client
 * it closed, while for the script, the registry, health and metrics that client is closed.
 */
class LuaConnectionReuseTests {

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension(NatsServer.builder().monitoring());

	private final LuaScriptsFixture fixture = new LuaScriptsFixture(LuaSandbox.defaults(), Duration.ofSeconds(30));

	private final NatsLuaScript script = this.fixture.scripts.compile("reuse.lua", """
			function open(name)
			  client = kumo.nats.connect { servers = { '%s' }, name = name }
			end
			function publish()
			  client:publish_core { subject = 'reuse', payload = 'x' }
			end
			function close()
			  client:close()
			  return pcall(publish)
			end
			""".formatted(nats.server().url()));

	@AfterEach
	void close() {
		this.fixture.close();
	}

	@Test
	void aClosedClientsConnectionServesTheNextConnectWithEqualSettings() {
		Connection first = open("policy");
		assertThat(this.script.call("close")).isEqualTo(false);
		assertThat(this.fixture.registry.find("policy")).isEmpty();
		assertThat(first.getStatus()).isEqualTo(Connection.Status.CONNECTED);
		Connection second = open("policy");
		assertThat(second).isSameAs(first);
		this.script.call("publish");
		this.script.call("close");
		this.fixture.scripts.close();
		assertThat(first.getStatus()).isEqualTo(Connection.Status.CLOSED);
	}

	@Test
	void otherSettingsGetAConnectionOfTheirOwn() {
		Connection first = open("policy");
		this.script.call("close");
		Connection other = open("audit");
		assertThat(other).isNotSameAs(first);
		assertThat(nats.server().clientNames()).contains("policy", "audit");
	}

	@Test
	void withoutLingerAClosedClientsConnectionIsClosed() {
		try (LuaScriptsFixture strict = new LuaScriptsFixture(LuaSandbox.defaults(), Duration.ZERO)) {
			NatsLuaScript script = strict.scripts.compile("strict.lua", """
					function open() client = kumo.nats.connect { servers = { '%s' }, name = 'strict' } end
					function close() client:close() end
					""".formatted(nats.server().url()));
			script.call("open");
			RegisteredNatsConnection registered = strict.registry.get("strict");
			script.call("close");
			assertThat(registered.connection().getStatus()).isEqualTo(Connection.Status.CLOSED);
		}
	}

	private Connection open(String name) {
		this.script.call("open", name);
		return this.fixture.registry.get(name).connection();
	}

}
