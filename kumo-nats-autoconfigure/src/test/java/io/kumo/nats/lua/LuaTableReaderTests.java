package io.kumo.nats.lua;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The one-pass reading of an argument table: what it reads, and what it refuses.
 */
class LuaTableReaderTests {

	private static final LuaKeys KEYS = LuaKeys.of("subject", "payload", "headers");

	@Test
	void readsTheKeysTheTableHoldsAndNilForTheOthers() {
		LuaTable table = new LuaTable();
		table.set(LuaValue.valueOf("subject"), LuaValue.valueOf("orders.created"));
		table.set(LuaValue.valueOf("payload"), LuaValue.valueOf("hello"));
		LuaTableReader reader = LuaTableReader.of("client:publish", "", table, "a table", KEYS);
		assertThat(reader.string("subject")).isEqualTo("orders.created");
		assertThat(reader.requiredBytes("payload", "'x'").tojstring()).isEqualTo("hello");
		assertThat(reader.get("headers").isnil()).isTrue();
		assertThat(reader.has("headers")).isFalse();
	}

	@Test
	void keysBuiltAtRunTimeMatchByTheirBytes() {
		LuaTable table = new LuaTable();
		table.set(LuaValue.valueOf("sub").concat(LuaValue.valueOf("ject")), LuaValue.valueOf("a.b"));
		assertThat(LuaTableReader.of("client:publish", "", table, "a table", KEYS).string("subject")).isEqualTo("a.b");
	}

	@Test
	void keysRememberedFromEarlierTablesLetNoOtherKeyThrough() {
		LuaKeys keys = LuaKeys.of("subject", "payload");
		LuaValue first = distinct("subject");
		LuaValue second = distinct("subject");
		LuaValue lookalike = distinct("subjecT");
		assertThat(first).isNotSameAs(second);
		for (int round = 0; round < 3; round++) {
			for (LuaValue key : new LuaValue[] { first, second }) {
				LuaTable table = new LuaTable();
				table.set(key, LuaValue.valueOf("a.b"));
				assertThat(LuaTableReader.of("client:publish", "", table, "a table", keys).string("subject"))
					.isEqualTo("a.b");
			}
			LuaTable unknown = new LuaTable();
			unknown.set(first, LuaValue.valueOf("a.b"));
			unknown.set(lookalike, LuaValue.valueOf("x"));
			assertThatExceptionOfType(LuaError.class)
				.isThrownBy(() -> LuaTableReader.of("client:publish", "", unknown, "a table", keys))
				.withMessageContaining("unknown key 'subjecT'");
		}
	}

	/**
	 * A Lua string object of its own: LuaJ hands out one object for equal short strings made
	 * close together, but not for a slice of a longer array.
	 */
	private static LuaString distinct(String text) {
		byte[] bytes = (text + " ".repeat(40)).getBytes(StandardCharsets.US_ASCII);
		return LuaString.valueUsing(bytes, 0, text.length());
	}

	@Test
	void unknownKeyNamesTheKeyAndTheValidOnes() {
		LuaTable table = new LuaTable();
		table.set(LuaValue.valueOf("subjet"), LuaValue.valueOf("a.b"));
		assertThatExceptionOfType(LuaError.class)
			.isThrownBy(() -> LuaTableReader.of("client:publish", "", table, "a table", KEYS))
			.withMessageContaining("client:publish: unknown key 'subjet'")
			.withMessageContaining("headers, payload, subject");
	}

	@Test
	void numberKeyIsUnknown() {
		LuaTable table = LuaValue.listOf(new LuaValue[] { LuaValue.valueOf("a.b") });
		assertThatExceptionOfType(LuaError.class)
			.isThrownBy(() -> LuaTableReader.of("client:publish", "", table, "a table", KEYS))
			.withMessageContaining("unknown key [1] (number key)");
	}

	@Test
	void keysInheritedThroughAMetatableAreNotRead() {
		LuaTable defaults = new LuaTable();
		defaults.set("subject", "a.b");
		LuaTable metatable = new LuaTable();
		metatable.set(LuaValue.INDEX, defaults);
		LuaTable table = new LuaTable();
		table.setmetatable(metatable);
		assertThat(table.get("subject").tojstring()).isEqualTo("a.b");
		LuaTableReader reader = LuaTableReader.of("client:publish", "", table, "a table", KEYS);
		assertThat(reader.has("subject")).isFalse();
	}

	@Test
	void askingForAKeyOutsideTheValidOnesIsAProgrammingError() {
		LuaTableReader reader = LuaTableReader.of("client:publish", "", new LuaTable(), "a table", KEYS);
		assertThatIllegalArgumentException().isThrownBy(() -> reader.get("timeout"))
			.withMessageContaining("'timeout'");
	}

}
