package io.kumo.nats.lua;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How plain Java values cross into Lua and back.
 */
class LuaJavaValuesTests {

	@Test
	void byteArrayBecomesALuaStringOverTheSameArray() {
		byte[] payload = new byte[1024];
		for (int i = 0; i < payload.length; i++) {
			payload[i] = (byte) i;
		}
		LuaValue lua = LuaJavaValues.toLua(payload);
		assertThat(lua).isInstanceOf(LuaString.class);
		LuaString text = (LuaString) lua;
		assertThat(text.m_bytes).isSameAs(payload);
		assertThat(text.rawlen()).isEqualTo(1024);
		assertThat(text.luaByte(200)).isEqualTo(200);
	}

	@Test
	void shortByteArraysHashLikeEqualLuaStrings() {
		LuaValue fromJava = LuaJavaValues.toLua(new byte[] { 'a', '.', 'b' });
		assertThat(fromJava.raweq(LuaValue.valueOf("a.b"))).isTrue();
		assertThat(fromJava.hashCode()).isEqualTo(LuaValue.valueOf("a.b").hashCode());
	}

	@Test
	void mapsAndListsRoundTrip() {
		Map<String, Object> value = Map.of("name", "orders", "sizes", List.of(1L, 2L, 3L), "ratio", 0.5, "on", true);
		assertThat(LuaJavaValues.toJava(LuaJavaValues.toLua(value))).isEqualTo(value);
	}

}
