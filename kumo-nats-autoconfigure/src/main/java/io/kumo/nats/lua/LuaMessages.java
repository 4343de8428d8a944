package io.kumo.nats.lua;

import java.util.List;

import io.nats.client.Message;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.support.Validator;
import org.jspecify.annotations.Nullable;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Converts between the tables of the client's methods and jnats messages, byte for byte: payloads
 * never pass through a Java {@link String}.
 */
final class LuaMessages {

	static final LuaKeys MESSAGE_KEYS = LuaKeys.of("subject", "payload", "headers");

	static final String SUBJECT_EXAMPLE = "'orders.created'";

	private static final int FIRST_PRINTABLE = 33;

	private static final int LAST_PRINTABLE = 126;

	private LuaMessages() {
	}

	static Outgoing message(LuaTableReader params, SubjectCache subjects) {
		return new Outgoing(subjects.subject(params), headers(params),
				bytes(params.requiredBytes("payload", "'hello' (any bytes)")));
	}

	/**
	 * A message to send, as the parts jnats's publish and request methods take, so that jnats
	 * builds the wire message once.
	 *
	 * @param subject the validated subject
	 * @param headers the headers, or {@code null}
	 * @param data the payload
	 */
	record Outgoing(String subject, @Nullable Headers headers, byte[] data) {
	}

	/**
	 * The bytes of a Lua string, without a copy when the string owns its whole array: Lua
	 * strings never change, so jnats may hold on to it until the message is written.
	 */
	private static byte[] bytes(LuaString payload) {
		if (payload.m_offset == 0 && payload.m_length == payload.m_bytes.length) {
			return payload.m_bytes;
		}
		byte[] data = new byte[payload.m_length];
		payload.copyInto(0, data, 0, data.length);
		return data;
	}

	/**
	 * The subject of the last message, decoded and validated once: scripts usually publish to
	 * the same constant subject over and over, and Lua keeps one string object per constant.
	 */
	static final class SubjectCache {

		private volatile @Nullable Decoded last;

		String subject(LuaTableReader params) {
			LuaString luaSubject = params.requiredBytes("subject", SUBJECT_EXAMPLE);
			Decoded decoded = this.last;
			if (decoded == null || decoded.lua() != luaSubject) {
				String subject = luaSubject.tojstring();
				try {
					Validator.validateSubject(subject, true);
				}
				catch (IllegalArgumentException ex) {
					throw params.error("subject", "is not a valid subject (" + ex.getMessage() + ")");
				}
				decoded = new Decoded(luaSubject, subject);
				this.last = decoded;
			}
			return decoded.subject();
		}

		private record Decoded(LuaString lua, String subject) {
		}

	}

	private static @Nullable Headers headers(LuaTableReader params) {
		LuaValue table = params.get("headers");
		if (table.isnil()) {
			return null;
		}
		Headers headers = new Headers();
		if (!table.istable()) {
			throw params.error("headers", "expected a table of header names to string values, got " + table.typename());
		}
		for (Varargs entry = table.next(LuaValue.NIL); !entry.arg1().isnil(); entry = table.next(entry.arg1())) {
			LuaValue name = entry.arg1();
			if (name.type() != LuaValue.TSTRING) {
				throw params.error("headers", "header names must be strings, got a " + name.typename() + " key");
			}
			String key = "headers['" + name.tojstring() + "']";
			if (!isHeaderName(name.checkstring())) {
				throw params.error(key, "header names must be non-empty printable ASCII without spaces or colons");
			}
			LuaValue value = entry.arg(2);
			if (value.type() != LuaValue.TSTRING) {
				throw params.error(key, "expected a string value, got " + value.typename());
			}
			try {
				headers.add(name.tojstring(), value.tojstring());
			}
			catch (IllegalArgumentException ex) {
				throw params.error(key, "header values must be printable ASCII ("
						+ String.valueOf(ex.getMessage()).replace("Header value", "value") + ")");
			}
		}
		return headers;
	}

	private static boolean isHeaderName(LuaString name) {
		if (name.rawlen() == 0) {
			return false;
		}
		for (int i = 0; i < name.rawlen(); i++) {
			int c = name.luaByte(i);
			if (c < FIRST_PRINTABLE || c > LAST_PRINTABLE || c == ':') {
				return false;
			}
		}
		return true;
	}

	static LuaTable ack(PublishAck ack) {
		LuaTable table = new LuaTable();
		table.set("stream", LuaValue.valueOf(ack.getStream()));
		table.set("sequence", LuaValue.valueOf((double) ack.getSeqno()));
		table.set("domain", (ack.getDomain() != null) ? LuaValue.valueOf(ack.getDomain()) : LuaValue.NIL);
		table.set("duplicate", LuaValue.valueOf(ack.isDuplicate()));
		table.set("value", LuaValue.valueOf((ack.getVal() != null) ? ack.getVal() : ""));
		return table;
	}

	static LuaTable reply(Message message) {
		LuaTable table = new LuaTable();
		table.set("subject", LuaValue.valueOf(message.getSubject()));
		table.set("payload", LuaValue.valueOf((message.getData() != null) ? message.getData() : new byte[0]));
		table.set("headers", headers(message));
		return table;
	}

	/**
	 * The headers of a message as a table of name to value, or to a list of values when a name
	 * is repeated; empty when the message has none.
	 */
	static LuaTable headers(Message message) {
		LuaTable headers = new LuaTable();
		if (message.hasHeaders()) {
			message.getHeaders().forEach((name, values) -> headers.set(name, headerValue(values)));
		}
		return headers;
	}

	private static LuaValue headerValue(List<String> values) {
		if (values.size() == 1) {
			return LuaValue.valueOf(values.get(0));
		}
		LuaTable list = new LuaTable();
		values.forEach((value) -> list.set(list.length() + 1, LuaValue.valueOf(value)));
		return list;
	}

}
