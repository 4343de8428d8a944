package io.kumo.nats.lua;

import java.lang.reflect.Method;

import io.nats.client.Message;
import io.nats.client.impl.NatsJetStreamMetaData;
import org.jspecify.annotations.Nullable;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import org.springframework.util.ReflectionUtils;

/**
 * Hands each message to a global function of a script, as the table
 * {@code { subject, payload, headers, reply, stream, sequence, delivered }}, and returns the
 * string the function returns as the reply body. It is the bean of a listener endpoint, with
 * {@link #handle(Message)} as its method, so a Lua handler runs in the same containers, with the
 * same error handling, observation and shutdown as a Java listener.
 */
public final class NatsLuaMessageHandler {

	private static final Method HANDLE = ReflectionUtils.findMethod(NatsLuaMessageHandler.class, "handle",
			Message.class);

	private static final byte[] EMPTY = new byte[0];

	private final NatsLuaScript script;

	private final String function;

	/**
	 * Creates a handler.
	 * @param script the compiled script
	 * @param function the name of the script's global function that handles a message
	 */
	public NatsLuaMessageHandler(NatsLuaScript script, String function) {
		this.script = script;
		this.function = function;
	}

	/**
	 * The method a listener endpoint calls.
	 * @return {@link #handle(Message)}
	 */
	public static Method handleMethod() {
		return HANDLE;
	}

	/**
	 * Calls the function with the message.
	 * @param message the delivered message
	 * @return the reply body, or {@code null} when the function returned nothing
	 * @throws NatsLuaScriptException when the function raises an error, exceeds its budget or
	 * returns something other than a string or nil
	 */
	public byte @Nullable [] handle(Message message) {
		LuaValue result = this.script.callLua(this.function, table(message));
		if (result.isnil()) {
			return null;
		}
		if (result.type() != LuaValue.TSTRING) {
			throw new NatsLuaScriptException(this.script.name(), this.function + " returned a " + result.typename()
					+ "; a handler returns a string (the reply) or nil (no reply)", null);
		}
		return bytes(result.checkstring());
	}

	private static LuaTable table(Message message) {
		LuaTable table = new LuaTable();
		table.set("subject", LuaValue.valueOf(message.getSubject()));
		byte[] data = message.getData();
		table.set("payload", LuaString.valueUsing((data != null) ? data : EMPTY));
		table.set("headers", LuaMessages.headers(message));
		if (message.getReplyTo() != null && !message.isJetStream()) {
			table.set("reply", LuaValue.valueOf(message.getReplyTo()));
		}
		if (message.isJetStream()) {
			NatsJetStreamMetaData meta = message.metaData();
			table.set("stream", LuaValue.valueOf(meta.getStream()));
			table.set("sequence", LuaValue.valueOf((double) meta.streamSequence()));
			table.set("delivered", LuaValue.valueOf((double) meta.deliveredCount()));
		}
		return table;
	}

	private static byte[] bytes(LuaString value) {
		byte[] data = new byte[value.m_length];
		value.copyInto(0, data, 0, data.length);
		return data;
	}

	@Override
	public String toString() {
		return "NatsLuaMessageHandler[" + this.script.name() + ", " + this.function + "]";
	}

}
