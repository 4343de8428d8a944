package io.kumo.nats.lua;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.kumo.nats.connection.IdleNatsConnections;
import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.NatsServerExtension;
import io.nats.client.Connection;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that script states open with equal settings share one connection: each client is
 * still closed on its own, the connection stays open while any client holds it, and a policy
 * called from many short-lived threads holds one connection and leaves nothing behind.
 */
class LuaConnectionSharingTests {

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension(NatsServer.builder().monitoring());

	private final LuaScriptsFixture fixture = new LuaScriptsFixture();

	private final String client = """
			function open(name)
			  client = kumo.nats.connect { servers = { '%s' }, name = name }
			end
			function publish()
			  client:publish_core { subject = 'shared', payload = 'x' }
			end
			function close()
			  client:close()
			  return select(2, pcall(publish))
			end
			""".formatted(nats.server().url());

	@AfterEach
	void close() {
		this.fixture.close();
	}

	@Test
	void statesThatConnectWithEqualSettingsShareOneConnectionThatLastsWhileAnyClientHoldsIt() {
		NatsLuaScript first = this.fixture.scripts.compile("first.lua", this.client);
		NatsLuaScript second = this.fixture.scripts.compile("second.lua", this.client);
		first.call("open", "shared");
		second.call("open", "shared");
		assertThat(this.fixture.registry.connections()).hasSize(1);
		assertThat(nats.server().clientNames()).containsOnlyOnce("shared");
		Connection connection = this.fixture.registry.get("shared").connection();
		assertThat((String) first.call("close")).contains("client was closed");
		assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
		second.call("publish");
		assertThat((String) second.call("close")).contains("client was closed");
		assertThat(connection.getStatus()).isEqualTo(Connection.Status.CLOSED);
		assertThat(this.fixture.registry.connections()).isEmpty();
	}

	@Test
	void closingOneOfTwoClientsInAStateLeavesTheOtherWorking() {
		Object result = this.fixture.scripts.run("""
				local config = { servers = { '%s' }, name = 'twice' }
				local a = kumo.nats.connect(config)
				local b = kumo.nats.connect(config)
				a:close()
				local closed = select(2, pcall(function() a:publish_core { subject = 's', payload = 'x' } end))
				b:publish_core { subject = 's', payload = 'x' }
				b:flush()
				return { closed = closed, a = tostring(a), b = tostring(b) }
				""".formatted(nats.server().url()));
		assertThat(result).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("a", "nats client 'twice' (closed)")
			.containsEntry("b", "nats client 'twice'")
			.hasEntrySatisfying("closed", (closed) -> assertThat((String) closed).contains("client was closed"));
		assertThat(this.fixture.registry.connections()).isEmpty();
	}

	@Test
	void aPolicyCalledFrom200ShortLivedThreadsHoldsOneConnectionAndReleasesEverything() throws Exception {
		try (LuaScriptsFixture pooled = new LuaScriptsFixture(LuaSandbox.defaults(),
				new IdleNatsConnections(Duration.ofMillis(200), 8, 64),
				new LuaStateLimits(256, Duration.ofSeconds(30), Duration.ofMillis(300)))) {
			NatsLuaScript policy = pooled.scripts.compile("policy.lua", """
					local client = kumo.nats.connect { servers = { '%s' }, name = 'policy' }
					function handle(id)
					  client:publish_core { subject = 'policy.handled', payload = id }
					  return id
					end
					""".formatted(nats.server().url()));
			nats.server().monitor("/connz");
			long baseline = LiveThreads.count();
			CountDownLatch go = new CountDownLatch(1);
			ConcurrentLinkedQueue<Object> results = new ConcurrentLinkedQueue<>();
			List<Thread> threads = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				String id = "id-" + i;
				Thread thread = new Thread(() -> {
					try {
						go.await(30, TimeUnit.SECONDS);
						results.add(policy.call("handle", id));
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					catch (RuntimeException ex) {
						results.add(ex);
					}
				});
				thread.start();
				threads.add(thread);
			}
			go.countDown();
			for (Thread thread : threads) {
				thread.join(Duration.ofSeconds(60).toMillis());
				assertThat(thread.isAlive()).isFalse();
			}
			assertThat(results).hasSize(200).allMatch(String.class::isInstance);
			assertThat(nats.server().clientNames()).containsOnlyOnce("policy");
			assertThat(pooled.registry.connections()).hasSize(1);
			assertThat(policy.liveStates()).isBetween(1, 200);
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				assertThat(policy.liveStates()).isZero();
				assertThat(pooled.registry.connections()).isEmpty();
				assertThat(pooled.idleConnections.size()).isZero();
			});
			await().atMost(Duration.ofSeconds(30)).until(() -> !nats.server().clientNames().contains("policy"));
			await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(() -> LiveThreads.count() <= baseline);
		}
	}

}
