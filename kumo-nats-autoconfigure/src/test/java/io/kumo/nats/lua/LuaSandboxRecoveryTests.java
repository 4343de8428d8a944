package io.kumo.nats.lua;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.luaj.vm2.LuaError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * After a script was stopped for time or memory, the application still answers: another script
 * runs, and a script connects to a real server and publishes. Java failures reach callers as plain
 * messages.
 */
class LuaSandboxRecoveryTests {

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension(NatsServer.builder());

	private final LuaScriptsFixture fixture = new LuaScriptsFixture(
			LuaSandbox.defaults().withBudget(0, Duration.ofSeconds(2)));

	@AfterEach
	void close() {
		this.fixture.close();
	}

	@Test
	void scriptsAndConnectionsWorkAfterStoppedRuns() throws Exception {
		for (String bomb : List.of("local s = 'x' while true do s = s .. s end", "return string.rep('x', 2^30)",
				"return string.find(string.rep('a', 40000), string.rep('a*', 40) .. 'b')",
				"return pcall(function() while true do end end)")) {
			assertThatExceptionOfType(NatsLuaScriptException.class).as(bomb)
				.isThrownBy(() -> this.fixture.scripts.run(bomb))
				.withMessageContaining("script stopped");
		}
		try (Connection observer = Nats.connect(nats.server().url())) {
			Subscription subscription = observer.subscribe("after.bombs");
			observer.flush(Duration.ofSeconds(5));
			this.fixture.scripts.run("""
					local client = kumo.nats.connect { servers = { '%s' } }
					client:publish_core { subject = 'after.bombs', payload = 'still here' }
					client:close()
					""".formatted(nats.server().url()));
			Message message = subscription.nextMessage(Duration.ofSeconds(10));
			assertThat(message).isNotNull();
			assertThat(new String(message.getData(), StandardCharsets.UTF_8)).isEqualTo("still here");
		}
		assertThat(this.fixture.scripts.run("return ('ok'):upper()")).isEqualTo("OK");
	}

	@Test
	void javaFailuresBecomePlainMessages() {
		assertThat(LuaFailures.message(new LuaError(new NegativeArraySizeException("-2147483648"))))
			.isEqualTo("a library function failed unexpectedly");
		assertThat(LuaFailures.message(new OutOfMemoryError("Java heap space")))
			.isEqualTo("script stopped: the application ran out of memory");
		assertThat(LuaFailures.message(new StackOverflowError())).isEqualTo("stack overflow");
		assertThat(LuaFailures.message(new LuaError("policy.lua:3 boom"))).isEqualTo("policy.lua:3 boom");
	}

}
