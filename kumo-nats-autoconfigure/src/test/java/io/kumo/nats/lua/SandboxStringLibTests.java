package io.kumo.nats.lua;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.lib.jse.JsePlatform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The sandbox's own string functions answer like LuaJ's stock ones for normal scripts: each
 * expression runs in a sandboxed state and in a plain LuaJ state, and the results, rendered with
 * their types, must be equal.
 */
class SandboxStringLibTests {

	static final List<String> EXPRESSIONS = List.of("string.find('hello world', 'wor')",
			"string.find('hello world', 'o', 6)", "string.find('hello', 'l+')", "string.find('a+b', '+', 1, true)",
			"string.find('a.b', '.', 2, true)", "string.find('abc', '', 10)", "string.find('abc', '', 4)",
			"string.find('abc', '', -10)", "string.find('abc', 'b', -1)", "string.find('abc', 'c', -1)",
			"string.find('abc', 'x', 0)", "string.find('abc', 'b', 1.5)", "string.find('', '')",
			"string.find('', 'a*')", "string.find('THE (quick) fox', '%((%a+)%)')", "string.find('abc', '(b)()')",
			"string.find('abc', '[%a-z]')", "string.find('a]b', '[]]')", "string.find('a-b', '[a-]', 2)",
			"string.find('a^b', '[b^]')", "string.find('a!', '%p')", "string.find('%ag', '%g')",
			"string.find('x1y22z333', '%d+', 4)", "string.find('aXb', '%u')", "string.find('aXb', '%U', 2)",
			"string.find('tab\\there', '%s')", "string.find('a\\0b', '%z')", "string.find('abc', '^b')",
			"string.find('abc', '^a')", "string.find('abc', 'c$')", "string.find('a$c', '$c')",
			"string.find(12345, 3)", "string.find('caaab', 'a-b')", "string.find('caaab', 'ca?a')",
			"string.find('abc', '[^a]')", "string.find('f(a(b)c)d', '%b()')", "string.find('abab', '(ab)%1')",
			"string.match('hello', '(h)(e)(l)')", "string.match('  x  ', '^%s*(.-)%s*$')",
			"string.match('key = value', '(%w+)%s*=%s*(%w+)')", "string.match('abc', '.-b')",
			"string.match(12345, '%d%d')", "string.match('aaa', 'a-$')", "string.match('x=1, y=2', '(%w+)=(%w+)$')",
			"string.match('2024-01-02', '(%d+)-(%d+)-(%d+)')", "string.match('abc', '((a)(b))')",
			"string.match('abc', '()', 5)", "string.match('abc', '()b()')", "string.match('[[x]]', '%b[]')",
			"string.match('^abc', '^a')", "string.match('hello.world', '^(.-)%.(.*)$')",
			"string.match('0x1F', '^0[xX](%x+)$')", "string.match('a,b,,c', '([^,]*),([^,]*)')",
			"string.match('user@example.org', '^[%w.]+@([%w.]+)$')", "string.match('abc', 'b', -2)",
			"string.match('x', 'y')", "string.match('aaa', 'a*')", "string.match('aaa', 'a+?')",
			"string.gsub('hello world', 'o', '0')", "string.gsub('hello world', 'o', '%1')",
			"string.gsub('hello', '', '-')", "string.gsub('abc', '%w', '%0%0', 2)", "string.gsub('abc', 'b', '%a')",
			"string.gsub('abc', '(b)', '[%1%%]')", "string.gsub('a.b', '%.', '%%')", "string.gsub('abc', 'b', 5)",
			"string.gsub('abc', 'b', { b = false })", "string.gsub('abc', 'b', { b = 1.5 })",
			"string.gsub('abc', '.', { a = 1 })", "string.gsub('hello world from Lua', '(%w+)%s*(%w+)', '%2 %1')",
			"string.gsub('hello', 'l', function(l) return l:upper() end)",
			"string.gsub('hello', '(l)(l)', function(a, b) return b .. a .. '!' end)",
			"string.gsub('hello', 'x', function() return 'y' end)", "string.gsub('abc', '()', '%1')",
			"string.gsub('one two', '^%w+', 'X')", "string.gsub('one two', '%w+$', 'X')",
			"string.gsub('aaa', 'a', 'b', 0)", "string.gsub('aaa', 'a', 'b', -1)", "string.gsub('  trim  ', '^%s+', '')",
			"string.gsub('$name is $age', '%$(%w+)', { name = 'Ann', age = 7 })", "string.gmatch('a1b2', '%a(%d)')()",
			"(function() local t = {} for k, v in string.gmatch('a=1, b=2', '(%w+)=(%w+)') do t[#t + 1] = k .. v end return table.concat(t, ';') end)()",
			"(function() local t = {} for w in ('one two  three'):gmatch('%a+') do t[#t + 1] = w end return #t, t[3] end)()",
			"string.gmatch('abc', '^a')()", "string.rep('ab', 3)", "string.rep('ab', 0)",
			"string.rep('', 5)", "string.format('%d|%s|%q', 42, 'x', 'a\\nb')",
			"string.format('%5s|%-5s|%x', 'a', 'b', 255)", "table.concat({ 1, 2, 3 }, ',', 2)",
			"table.concat({ 'a', 'b' })", "table.concat({}, ',', 1, 0)", "table.concat({ 'a', 'b', 'c' }, '-', 1, 2)",
			"('x'):rep(3)", "('%d'):format(7)", "('abc'):find('b')", "('a,b'):gsub(',', ';')", "('abc'):match('^(a)')",
			"('abc'):upper()", "('abc'):len()", "('abc'):sub(2)", "('abc'):byte(1, -1)", "('cba'):reverse()");

	private final LuaScriptsFixture fixture = new LuaScriptsFixture();

	@AfterEach
	void close() {
		this.fixture.close();
	}

	@ParameterizedTest
	@FieldSource("EXPRESSIONS")
	void answersLikeLuaJ(String expression) {
		String script = """
				local function show(...)
				  local parts = {}
				  for i = 1, select('#', ...) do
				    local value = select(i, ...)
				    parts[#parts + 1] = type(value) .. ':' .. tostring(value)
				  end
				  return table.concat(parts, ',')
				end
				return show(%s)
				""".formatted(expression);
		Globals stock = JsePlatform.standardGlobals();
		String expected = stock.load(script).call().tojstring();
		assertThat(this.fixture.scripts.run(script)).isEqualTo(expected);
	}

	@Test
	void malformedPatternsRaiseLuaErrors() {
		assertThat(luaError("string.match('x', '[a')")).contains("malformed pattern (missing ']')");
		assertThat(luaError("string.match('x', '%')")).contains("malformed pattern (ends with '%')");
		assertThat(luaError("string.match('x', '%f')")).contains("missing '[' after '%f' in pattern");
		assertThat(luaError("string.match('x', '(x')")).contains("unfinished capture");
		assertThat(luaError("string.match('x', 'x)')")).contains("invalid pattern capture");
		assertThat(luaError("string.match('x', '%1')")).contains("invalid capture index");
		assertThat(luaError("string.gsub('abc', 'b', '%')")).contains("invalid use of '%' in replacement string");
		assertThat(luaError("string.gsub('abc', 'b', '%2')")).contains("invalid capture index");
		assertThat(luaError("string.gsub('abc', 'b', true)")).contains("string/function/table expected");
		assertThat(luaError("string.gsub('abc', 'b', { b = {} })")).contains("invalid replacement value (a table)");
		assertThat(luaError("table.concat({ 1, {} })")).contains("invalid value (at index 2) in table for 'concat'");
		assertThat(luaError("string.match('x', string.rep('()', 33))")).contains("too many captures");
	}

	@Test
	void frontierPatternsWorkAsInLua() {
		assertThat(this.fixture.scripts.run("return { string.match('THE (quick) fox', '%f[%a]%a+'), "
				+ "string.match('THE (quick) fox', '%f[%a]%a+', 2), string.match('The Quick', '%f[%a]%a+', 4) }"))
			.isEqualTo(List.of("THE", "quick", "Quick"));
	}

	@Test
	void repPutsTheSeparatorBetweenCopiesAsInLua() {
		assertThat(this.fixture.scripts.run("return { string.rep('ab', 3, ','), string.rep('x', 1, ',') }"))
			.isEqualTo(List.of("ab,ab,ab", "x"));
	}

	@Test
	void gmatchOfAnEmptyMatchMovesOn() {
		assertThat(this.fixture.scripts.run("local n = 0 for _ in ('abc'):gmatch('') do n = n + 1 end return n"))
			.isEqualTo(4L);
	}

	@Test
	void repOfNothingOrNothingIsEmpty() {
		assertThat(this.fixture.scripts.run("return { string.rep('ab', -1), string.rep('', 2^40) }"))
			.isEqualTo(List.of("", ""));
	}

	@Test
	void plainFindIsBudgetedToo() {
		try (LuaScriptsFixture limited = new LuaScriptsFixture(LuaSandbox.defaults().withBudget(100_000, Duration.ZERO))) {
			assertThatExceptionOfType(NatsLuaScriptException.class)
				.isThrownBy(() -> limited.scripts.run(
						"return string.find(string.rep('a', 100000), string.rep('a', 1000) .. 'b', 1, true)"))
				.withMessageContaining("script stopped: it exceeded its budget of 100000 instructions");
		}
	}

	private String luaError(String expression) {
		return String.valueOf(this.fixture.scripts.run("local ok, message = pcall(function() return " + expression
				+ " end) return ok and 'no error' or message"));
	}

}
