package io.kumo.nats.lua;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LuaSandboxTests {

	private final LuaScriptsFixture fixture = new LuaScriptsFixture();

	@AfterEach
	void close() {
		this.fixture.close();
	}

	@Test
	void safeLibrariesArePresent() {
		Object result = this.fixture.scripts.run("""
				return { string.upper('a'), ('b'):upper(), table.concat({ 'x', 'y' }, ','), math.floor(2.5),
				  type(os.time()), type(os.clock()), type(os.date('%Y')), type(pcall), type(load), type(kumo.nats.connect) }
				""");
		assertThat(result).isEqualTo(List.of("A", "B", "x,y", 2L, "number", "number", "string", "function",
				"function", "function"));
	}

	@Test
	void dangerousLibrariesAndFunctionsAreAbsent() {
		Object result = this.fixture.scripts.run("""
				return { io = type(io), luajava = type(luajava), debug = type(debug), require = type(require),
				  package = type(package), dofile = type(dofile), loadfile = type(loadfile),
				  execute = type(os.execute), exit = type(os.exit), remove = type(os.remove), rename = type(os.rename),
				  getenv = type(os.getenv), tmpname = type(os.tmpname), coroutine = type(coroutine) }
				""");
		assertThat((Map<?, ?>) result).allSatisfy((name, type) -> assertThat(type).as(name.toString()).isEqualTo("nil"));
	}

	@Test
	void loadAcceptsSourceButNotBinaryChunks() {
		Object result = this.fixture.scripts.run("""
				local f = load('return 1 + 1')
				local binary = string.dump(function() return 42 end)
				local g, message = load(binary, 'binary', 'b')
				return { f(), g == nil, message }
				""");
		assertThat(((List<?>) result).subList(0, 2)).isEqualTo(List.of(2L, true));
		assertThat(((List<?>) result).get(2).toString()).contains("binary chunks are disabled");
	}

	@Test
	void binaryChunksLoadWhenSwitchedOn() {
		try (LuaScriptsFixture open = new LuaScriptsFixture(
				new LuaSandbox(false, false, true, null, null, 0, Duration.ZERO))) {
			assertThat(open.scripts.run("return load(string.dump(function() return 42 end))()")).isEqualTo(42L);
		}
	}

	@Test
	void ioAndLuajavaAppearWhenSwitchedOn() {
		try (LuaScriptsFixture open = new LuaScriptsFixture(
				new LuaSandbox(true, true, false, null, null, 0, Duration.ZERO))) {
			assertThat(open.scripts.run("return { type(io), type(luajava), type(os.execute), type(dofile) }"))
				.isEqualTo(List.of("table", "table", "function", "function"));
		}
	}

	@Test
	void infiniteLoopStopsWithLuaErrorAndInstructionBudget() {
		try (LuaScriptsFixture limited = new LuaScriptsFixture(LuaSandbox.defaults().withBudget(100_000, Duration.ZERO))) {
			assertThatExceptionOfType(NatsLuaScriptException.class).isThrownBy(() -> limited.scripts.run("while true do end"))
				.withMessageContaining("script stopped: it exceeded its budget of 100000 instructions");
			assertThat(limited.scripts.run("local n = 0 for i = 1, 1000 do n = n + i end return n")).isEqualTo(500500L);
		}
	}

	@Test
	void infiniteLoopStopsWithTimeLimit() {
		try (LuaScriptsFixture limited = new LuaScriptsFixture(
				LuaSandbox.defaults().withBudget(0, Duration.ofMillis(200)))) {
			assertThatExceptionOfType(NatsLuaScriptException.class).isThrownBy(() -> limited.scripts.run("while true do end"))
				.withMessageContaining("exceeded its time limit of 200 ms");
		}
	}

	@Test
	void pcallCannotSwallowTheStop() {
		try (LuaScriptsFixture limited = new LuaScriptsFixture(LuaSandbox.defaults().withBudget(100_000, Duration.ZERO))) {
			assertThatExceptionOfType(NatsLuaScriptException.class)
				.isThrownBy(() -> limited.scripts.run("while true do pcall(function() while true do end end) end"))
				.withMessageContaining("script stopped");
		}
	}

	@Test
	void stringLibraryChangesStayInTheirState() {
		Object changed = this.fixture.scripts.run("string.upper = function() return 'hacked' end "
				+ "return { string.upper('a'), type(getmetatable('')) }");
		assertThat(changed).isEqualTo(List.of("hacked", "boolean"));
		assertThat(this.fixture.scripts.run("return { string.upper('a'), ('a'):upper() }")).isEqualTo(List.of("A", "A"));
	}

	@Test
	void concurrentCallsNeverShareAState() throws Exception {
		NatsLuaScript script = this.fixture.scripts.compile("counter.lua", """
				local busy = false
				local count = 0
				function handle(message)
				  if busy then error('two calls in one state') end
				  busy = true
				  local sum = 0
				  for i = 1, 200 do sum = sum + i end
				  count = count + 1
				  busy = false
				  return { count = count, echo = message.text }
				end
				""");
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<Future<Long>> results = executor.invokeAll(Collections.nCopies(8, () -> {
				long calls = 0;
				for (int i = 0; i < 1000; i++) {
					Map<?, ?> result = (Map<?, ?>) script.call("handle", Map.of("text", "hi"));
					assertThat(result.get("echo")).isEqualTo("hi");
					calls++;
				}
				return calls;
			}));
			for (Future<Long> result : results) {
				assertThat(result.get()).isEqualTo(1000L);
			}
			assertThat(script.liveStates()).isBetween(1, 8);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void syntaxErrorsAndLuaErrorsReachJavaWithTheScriptName() {
		assertThatExceptionOfType(NatsLuaScriptException.class)
			.isThrownBy(() -> this.fixture.scripts.compile("broken.lua", "return ("))
			.withMessageContaining("broken.lua");
		assertThatExceptionOfType(NatsLuaScriptException.class)
			.isThrownBy(() -> this.fixture.scripts.compile("fails.lua", "error('boom')").run())
			.withMessageContaining("fails.lua")
			.withMessageContaining("boom");
	}

}
