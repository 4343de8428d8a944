package io.kumo.nats.lua;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

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
	void aPooledCallIsStoppedAtItsTimeLimitNotBeforeAndItsStateServesTheNextCall() {
		Duration limit = Duration.ofMillis(300);
		try (LuaScriptsFixture limited = new LuaScriptsFixture(LuaSandbox.defaults().withBudget(0, limit))) {
			NatsLuaScript script = limited.scripts.compile("spin.lua", """
					function spin() while true do end end
					function count(n) local sum = 0 for i = 1, n do sum = sum + i end return sum end
					""");
			for (int call = 0; call < 3; call++) {
				long started = System.nanoTime();
				assertThatExceptionOfType(NatsLuaScriptException.class).isThrownBy(() -> script.call("spin"))
					.withMessageContaining("script stopped: it exceeded its time limit of 300 ms");
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(limit, Duration.ofSeconds(5));
				assertThat(script.call("count", 100_000)).isEqualTo(5_000_050_000L);
			}
			assertThat(script.liveStates()).isOne();
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
	void timeLimitStopsPatternMatchingAndLoopsInsidePcall() {
		try (LuaScriptsFixture limited = new LuaScriptsFixture(LuaSandbox.defaults().withBudget(0, Duration.ofSeconds(2)))) {
			assertThat(limited.scripts.run("return ('a'):find('a*')")).isEqualTo(1L);
			for (String script : List.of("return string.find(string.rep('a', 40000), string.rep('a*', 40) .. 'b')",
					"local s = string.rep('a', 40000) return pcall(s.find, s, string.rep('a*', 40) .. 'b')",
					"return pcall(function() while true do end end)")) {
				long started = System.nanoTime();
				assertThatExceptionOfType(NatsLuaScriptException.class).isThrownBy(() -> limited.scripts.run(script))
					.withMessageContaining("script stopped: it exceeded its time limit of 2000 ms");
				assertThat(Duration.ofNanos(System.nanoTime() - started)).as(script).isLessThan(Duration.ofSeconds(3));
			}
			assertThat(limited.scripts.run("return ('a,b'):find(',')")).isEqualTo(2L);
		}
	}

	@Test
	void instructionBudgetStopsPatternMatching() {
		try (LuaScriptsFixture limited = new LuaScriptsFixture(LuaSandbox.defaults().withBudget(1_000_000, Duration.ZERO))) {
			assertThatExceptionOfType(NatsLuaScriptException.class)
				.isThrownBy(() -> limited.scripts.run("local s = string.rep('a', 40000) "
						+ "return s:gsub(string.rep('a*', 40) .. 'b', '')"))
				.withMessageContaining("script stopped: it exceeded its budget of 1000000 instructions");
		}
	}

	@Test
	void loadWithItsOwnEnvironmentStaysWithinTheBudget() {
		try (LuaScriptsFixture limited = new LuaScriptsFixture(LuaSandbox.defaults().withBudget(100_000, Duration.ZERO))) {
			assertThat(limited.scripts.run("return load('return x', 'chunk', 't', { x = 42 })()")).isEqualTo(42L);
			assertThatExceptionOfType(NatsLuaScriptException.class)
				.isThrownBy(() -> limited.scripts.run("load('while true do end', 'loop', 't', {})()"))
				.withMessageContaining("script stopped: it exceeded its budget of 100000 instructions");
		}
	}

	@Test
	void memoryBombsRaiseTheMemoryLimitError() {
		String error = "script stopped: it exceeded its memory limit of " + LuaSandbox.DEFAULT_MAX_MEMORY + " bytes";
		for (String script : List.of("local s = 'x' while true do s = s .. s end", "return #string.rep('x', 2^30)",
				"return #string.rep('x', 2^31)",
				"local s = 'x' while true do s = pcall(string.rep, s, 2) and s .. s end")) {
			assertThatExceptionOfType(NatsLuaScriptException.class).as(script)
				.isThrownBy(() -> this.fixture.scripts.run(script))
				.withMessageContaining(error);
		}
		assertThat(this.fixture.scripts.run("return #string.rep('x', 1000000)")).isEqualTo(1000000L);
	}

	@Test
	void everyLargeResultAndAllocationCountsAgainstTheMemoryLimit() {
		try (LuaScriptsFixture limited = new LuaScriptsFixture(LuaSandbox.defaults().withMaxMemory(16 << 20))) {
			for (String script : List.of(
					"local t = {} for i = 1, 100 do t[i] = string.rep('x', 1000000) end",
					"local s = string.rep('x', 1e6) local t = {} for i = 1, 20 do t[i] = s end return #table.concat(t)",
					"local s = string.rep('x', 1e7) return #string.format('%s%s', s, s)",
					"local s = string.rep('x', 1e7) return #s:upper()",
					"local s = string.rep('x', 1e6) return #s:gsub('x', string.rep('y', 70))",
					"local t = {} for i = 1, 1e7 do t[i] = { i } end", "return select('#', table.unpack({}, 1, 1e8))",
					"local s = string.rep('x', 1e7) return select('#', s:byte(1, -1))")) {
				assertThatExceptionOfType(NatsLuaScriptException.class).as(script)
					.isThrownBy(() -> limited.scripts.run(script))
					.withMessageContaining("script stopped: it exceeded its memory limit of 16777216 bytes");
			}
			assertThat(limited.scripts.run("return { #string.rep('x', 1000000), select('#', table.unpack({}, 1, 1000)), "
					+ "select('#', ('abc'):byte(1, -1)) }")).isEqualTo(List.of(1000000L, 1000L, 3L));
		}
	}

	@Test
	void repBeyondTheLargestStringRaisesALuaErrorWithoutAJavaClassName() {
		try (LuaScriptsFixture unlimited = new LuaScriptsFixture(LuaSandbox.defaults().withMaxMemory(0))) {
			assertThatExceptionOfType(NatsLuaScriptException.class)
				.isThrownBy(() -> unlimited.scripts.run("return string.rep('x', 2^31)"))
				.withMessageContaining("resulting string too large")
				.withMessageNotContaining("java")
				.withMessageNotContaining("Exception");
		}
		assertThatExceptionOfType(NatsLuaScriptException.class)
			.isThrownBy(() -> this.fixture.scripts.run("return string.rep('x', 2^31)"))
			.withMessageContaining("memory limit")
			.withMessageNotContaining("java")
			.withMessageNotContaining("Exception");
	}

	@Test
	void javaExceptionsInsideAScriptBecomePlainMessages() {
		try (LuaScriptsFixture open = new LuaScriptsFixture(
				new LuaSandbox(true, false, false, null, null, 0, Duration.ZERO))) {
			assertThatExceptionOfType(NatsLuaScriptException.class)
				.isThrownBy(() -> open.scripts.run("return luajava.bindClass('java.lang.Integer'):parseInt('x')"))
				.withMessageContaining("a library function failed unexpectedly")
				.withMessageNotContaining("java.lang")
				.withMessageNotContaining("NumberFormatException");
		}
	}

	@Test
	void aStateStaysUsableAfterItsRunWasStopped() {
		NatsLuaScript script = this.fixture.scripts.compile("bomb.lua", """
				calls = 0
				function handle(size)
				  calls = calls + 1
				  return #string.rep('x', size), calls
				end
				""");
		assertThatExceptionOfType(NatsLuaScriptException.class).isThrownBy(() -> script.call("handle", 1L << 40))
			.withMessageContaining("memory limit");
		assertThat(script.call("handle", 10L)).isEqualTo(10L);
	}

	@Test
	void plainLuajStatesInTheSameJvmKeepStockStringMethods() {
		LuaValue saved = LuaString.s_metatable;
		try {
			LuaString.s_metatable = null;
			Globals before = JsePlatform.standardGlobals();
			before.load("function string.shout(s) return s:upper() .. '!' end").call();
			assertThat(this.fixture.scripts.run("return { ('hi').shout == nil, ('hi'):upper(), type(getmetatable('')) }"))
				.isEqualTo(List.of(true, "HI", "boolean"));
			assertThat(before.load("return ('hi'):shout(), getmetatable('').__index == string, ('a,b'):find(',')")
				.call()
				.tojstring()).isEqualTo("HI!");
			assertThat(before.load("return getmetatable('').__index == string").call().toboolean()).isTrue();
			Globals after = JsePlatform.standardGlobals();
			assertThat(after.load("return ('hi'):shout() .. ('abc'):sub(2) .. ('%d'):format(7)").call().tojstring())
				.isEqualTo("HI!bc7");
			LuaString.s_metatable = LuaValue.tableOf(new LuaValue[] { LuaValue.INDEX, after.get("string") });
			try (LuaScriptsFixture limited = new LuaScriptsFixture(LuaSandbox.defaults().withBudget(1_000_000, Duration.ZERO))) {
				assertThatExceptionOfType(NatsLuaScriptException.class)
					.isThrownBy(() -> limited.scripts.run("local s = string.rep('a', 40000) "
							+ "return s:find(string.rep('a*', 40) .. 'b')"))
					.withMessageContaining("script stopped");
			}
			assertThat(after.load("return ('abc'):upper()").call().tojstring()).isEqualTo("ABC");
		}
		finally {
			LuaString.s_metatable = saved;
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
