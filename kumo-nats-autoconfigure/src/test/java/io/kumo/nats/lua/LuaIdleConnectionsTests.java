package io.kumo.nats.lua;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.kumo.nats.connection.IdleNatsConnections;
import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.NatsServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The connections scripts closed wait for reuse in a pool bounded in total, and close once their
 * linger time has passed, with no further use of the pool.
 */
class LuaIdleConnectionsTests {

	private static final int BOUND = 16;

	private static final Duration LINGER = Duration.ofSeconds(1);

	private static final Pattern NUM_CONNECTIONS = Pattern.compile("\"num_connections\"\\s*:\\s*(\\d+)");

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension(NatsServer.builder().monitoring());

	@Test
	void twoThousandConnectsWithDistinctNamesNeverKeepMoreThanTheBoundAndNoneAfterTheLinger() {
		try (LuaScriptsFixture fixture = new LuaScriptsFixture(LuaSandbox.defaults(),
				new IdleNatsConnections(LINGER, 8, BOUND),
				new LuaStateLimits(4, Duration.ofSeconds(10), Duration.ofMillis(500)))) {
			NatsLuaScript script = fixture.scripts.compile("each.lua", """
					function each(name)
					  local client = kumo.nats.connect { servers = { '%s' }, name = name }
					  client:publish_core { subject = 'each', payload = name }
					  client:close()
					end
					""".formatted(nats.server().url()));
			nats.server().monitor("/connz");
			long baseline = LiveThreads.count();
			for (int i = 0; i < 2000; i++) {
				script.call("each", "client-" + i);
				assertThat(fixture.registry.connections().size() + fixture.idleConnections.size())
					.isLessThanOrEqualTo(BOUND);
				if (i % 250 == 0) {
					await().atMost(Duration.ofSeconds(10)).until(() -> serverConnections() <= BOUND);
				}
			}
			assertThat(serverConnections()).isLessThanOrEqualTo(BOUND);
			await().atMost(LINGER.plusSeconds(20)).until(() -> serverConnections() == 0);
			assertThat(fixture.idleConnections.size()).isZero();
			await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(() -> LiveThreads.count() <= baseline);
		}
	}

	private static int serverConnections() {
		Matcher matcher = NUM_CONNECTIONS.matcher(nats.server().monitor("/connz"));
		assertThat(matcher.find()).isTrue();
		return Integer.parseInt(matcher.group(1));
	}

}
