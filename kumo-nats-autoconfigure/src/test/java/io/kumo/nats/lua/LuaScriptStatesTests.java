package io.kumo.nats.lua;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.kumo.nats.connection.IdleNatsConnections;
import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The states a compiled script keeps for calls are bounded: a call that finds them all busy waits
 * a bounded time for one; a state left unused is released with its clients without another call.
 */
class LuaScriptStatesTests {

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension(NatsServer.builder());

	private static final String SCRIPT = """
			local client = kumo.nats.connect { servers = { '%s' }, name = 'states' }
			function slow()
			  return client:request { subject = 'slow', payload = 'x', timeout = '30s' }.payload
			end
			function fast()
			  return 'fast'
			end
			""";

	@Test
	void aCallWaitsABoundedTimeWhenEveryStateIsBusy() throws Exception {
		try (LuaScriptsFixture fixture = new LuaScriptsFixture(LuaSandbox.defaults(),
				new IdleNatsConnections(Duration.ZERO, 8, 64),
				new LuaStateLimits(1, Duration.ofMillis(300), Duration.ofSeconds(60)));
				Connection responder = Nats.connect(nats.server().url())) {
			CountDownLatch requested = new CountDownLatch(1);
			CountDownLatch answer = new CountDownLatch(1);
			answerSlowWhenReleased(responder, requested, answer);
			NatsLuaScript script = fixture.scripts.compile("states.lua", SCRIPT.formatted(nats.server().url()));
			CompletableFuture<Object> slow = CompletableFuture.supplyAsync(() -> script.call("slow"));
			assertThat(requested.await(30, TimeUnit.SECONDS)).isTrue();
			long start = System.nanoTime();
			assertThatExceptionOfType(NatsLuaScriptException.class).isThrownBy(() -> script.call("fast"))
				.withMessageContaining("all 1 states of the script are busy and none came free within 300 ms")
				.withMessageContaining("kumo.nats.lua.max-states");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250),
					Duration.ofSeconds(10));
			answer.countDown();
			assertThat(slow.get(30, TimeUnit.SECONDS)).isEqualTo("done");
			assertThat(script.call("fast")).isEqualTo("fast");
			assertThat(script.liveStates()).isEqualTo(1);
		}
	}

	@Test
	void aWaitingCallTakesTheStateAsSoonAsItIsGivenBack() throws Exception {
		try (LuaScriptsFixture fixture = new LuaScriptsFixture(LuaSandbox.defaults(),
				new IdleNatsConnections(Duration.ZERO, 8, 64),
				new LuaStateLimits(1, Duration.ofSeconds(60), Duration.ofSeconds(60)));
				Connection responder = Nats.connect(nats.server().url())) {
			CountDownLatch requested = new CountDownLatch(1);
			CountDownLatch answer = new CountDownLatch(1);
			answerSlowWhenReleased(responder, requested, answer);
			NatsLuaScript script = fixture.scripts.compile("states.lua", SCRIPT.formatted(nats.server().url()));
			CompletableFuture<Object> slow = CompletableFuture.supplyAsync(() -> script.call("slow"));
			assertThat(requested.await(30, TimeUnit.SECONDS)).isTrue();
			CompletableFuture<Object> waiting = CompletableFuture.supplyAsync(() -> script.call("fast"));
			answer.countDown();
			assertThat(slow.get(30, TimeUnit.SECONDS)).isEqualTo("done");
			assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo("fast");
			assertThat(script.liveStates()).isEqualTo(1);
		}
	}

	@Test
	void threadsOutnumberingTheStatesGetOneEachAtATime() throws Exception {
		int threads = 8;
		int callsPerThread = 5_000;
		try (LuaScriptsFixture fixture = new LuaScriptsFixture(LuaSandbox.defaults(),
				new IdleNatsConnections(Duration.ZERO, 8, 64),
				new LuaStateLimits(2, Duration.ofSeconds(60), Duration.ofSeconds(60)))) {
			NatsLuaScript script = fixture.scripts.compile("exclusive.lua", """
					inside, calls = false, 0
					function enter(message)
					  if inside then error('a state was lent to two calls at once') end
					  inside = true
					  local sum = 0
					  for i = 1, 100 do sum = sum + i end
					  calls = calls + 1
					  inside = false
					  return { calls = calls, echo = message.text }
					end
					""");
			ExecutorService executor = Executors.newFixedThreadPool(threads);
			try {
				List<Future<Long>> highest = new ArrayList<>();
				for (int thread = 0; thread < threads; thread++) {
					highest.add(executor.submit(() -> {
						long last = 0;
						for (int call = 0; call < callsPerThread; call++) {
							Map<?, ?> result = (Map<?, ?>) script.call("enter", Map.of("text", "hi"));
							assertThat(result.get("echo")).isEqualTo("hi");
							last = Math.max(last, (Long) result.get("calls"));
						}
						return last;
					}));
				}
				long total = 0;
				for (Future<Long> future : highest) {
					total = Math.max(total, future.get(120, TimeUnit.SECONDS));
				}
				assertThat(total).isGreaterThanOrEqualTo(threads * callsPerThread / 2);
				assertThat(script.liveStates()).isBetween(1, 2);
			}
			finally {
				executor.shutdownNow();
			}
		}
	}

	@Test
	void anUnusedStateIsReleasedWithItsClientsWithoutAnotherCall() {
		try (LuaScriptsFixture fixture = new LuaScriptsFixture(LuaSandbox.defaults(),
				new IdleNatsConnections(Duration.ZERO, 8, 64),
				new LuaStateLimits(4, Duration.ofSeconds(10), Duration.ofMillis(200)))) {
			NatsLuaScript script = fixture.scripts.compile("states.lua", SCRIPT.formatted(nats.server().url()));
			assertThat(script.call("fast")).isEqualTo("fast");
			Connection connection = fixture.registry.get("states").connection();
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				assertThat(script.liveStates()).isZero();
				assertThat(connection.getStatus()).isEqualTo(Connection.Status.CLOSED);
				assertThat(fixture.registry.connections()).isEmpty();
			});
			assertThat(script.call("fast")).isEqualTo("fast");
			assertThat(fixture.registry.find("states")).isPresent();
		}
	}

	@Test
	void aStateIsNeverReleasedBeforeItsIdleTimeout() {
		Duration idleTimeout = Duration.ofMillis(600);
		try (LuaScriptsFixture fixture = new LuaScriptsFixture(LuaSandbox.defaults(),
				new IdleNatsConnections(Duration.ZERO, 8, 64),
				new LuaStateLimits(4, Duration.ofSeconds(10), idleTimeout))) {
			NatsLuaScript script = fixture.scripts.compile("states.lua", SCRIPT.formatted(nats.server().url()));
			for (int call = 0; call < 3; call++) {
				assertThat(script.call("fast")).isEqualTo("fast");
				long lastCall = System.nanoTime();
				await().atMost(Duration.ofSeconds(20))
					.pollInterval(Duration.ofMillis(5))
					.until(() -> script.liveStates() == 0);
				assertThat(Duration.ofNanos(System.nanoTime() - lastCall)).isGreaterThanOrEqualTo(idleTimeout);
			}
		}
	}

	@Test
	void closingTheScriptsRunnerReleasesEveryStateAndRefusesLaterCalls() {
		LuaScriptsFixture fixture = new LuaScriptsFixture(LuaSandbox.defaults(),
				new IdleNatsConnections(Duration.ofSeconds(30), 8, 64), LuaStateLimits.defaults());
		NatsLuaScript script = fixture.scripts.compile("states.lua", SCRIPT.formatted(nats.server().url()));
		NatsLuaScript unused = fixture.scripts.compile("unused.lua", SCRIPT.formatted(nats.server().url()));
		script.call("fast");
		Connection connection = fixture.registry.get("states").connection();
		fixture.scripts.close();
		assertThat(script.liveStates()).isZero();
		assertThat(connection.getStatus()).isEqualTo(Connection.Status.CLOSED);
		assertThatExceptionOfType(NatsLuaScriptException.class).isThrownBy(() -> script.call("fast"))
			.withMessageContaining("the Lua scripts runner was closed");
		assertThatExceptionOfType(NatsLuaScriptException.class).isThrownBy(() -> unused.call("fast"))
			.withMessageContaining("the Lua scripts runner was closed");
		assertThat(unused.liveStates()).isZero();
		assertThat(fixture.registry.connections()).isEmpty();
		fixture.close();
	}

	/**
	 * Answers requests to {@code slow} once the test counts {@code answer} down, counting
	 * {@code requested} down as each arrives.
	 */
	private static void answerSlowWhenReleased(Connection responder, CountDownLatch requested, CountDownLatch answer)
			throws Exception {
		Dispatcher dispatcher = responder.createDispatcher((message) -> {
			requested.countDown();
			try {
				answer.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			responder.publish(message.getReplyTo(), "done".getBytes(StandardCharsets.UTF_8));
		});
		dispatcher.subscribe("slow");
		responder.flush(Duration.ofSeconds(5));
	}

}
