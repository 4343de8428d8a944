package io.kumo.nats.lua;

import java.time.Duration;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * The methods of the client object a script gets from {@code kumo.nats.connect}, called with
 * {@code :}. Each reads its one argument table and hands the work to {@link LuaNatsClient}.
 */
final class LuaClientMethods {

	private static final LuaKeys PUBLISH_KEYS = LuaMessages.MESSAGE_KEYS.with("await_ack");

	private static final LuaKeys REQUEST_KEYS = LuaMessages.MESSAGE_KEYS.with("timeout");

	private static final String PARAMS = "a table such as { subject = " + LuaMessages.SUBJECT_EXAMPLE
			+ ", payload = '...' }";

	private final LuaTable metatable = new LuaTable();

	LuaClientMethods() {
		LuaTable methods = new LuaTable();
		methods.set("publish", new Publish());
		methods.set("publish_core", new PublishCore());
		methods.set("request", new Request());
		methods.set("flush", new Flush());
		methods.set("close", new Close());
		this.metatable.set(LuaValue.INDEX, methods);
		this.metatable.set(LuaValue.METATABLE, LuaValue.FALSE);
		this.metatable.set(LuaValue.TOSTRING, new ToString());
	}

	LuaValue wrap(LuaNatsClient client) {
		return new LuaUserdata(client, this.metatable);
	}

	private static LuaNatsClient client(LuaValue self, String method) {
		if (self.isuserdata(LuaNatsClient.class)) {
			LuaNatsClient client = (LuaNatsClient) self.touserdata();
			client.openConnection();
			return client;
		}
		throw new LuaError("client:" + method + ": call it on a client with a colon, as in client:" + method + "{ ... }");
	}

	private static final class Publish extends TwoArgFunction {

		@Override
		public LuaValue call(LuaValue self, LuaValue params) {
			LuaNatsClient client = client(self, "publish");
			LuaTableReader reader = LuaTableReader.of("client:publish", "", params, PARAMS, PUBLISH_KEYS);
			LuaMessages.Outgoing message = LuaMessages.message(reader, client.subjects());
			if (reader.bool("await_ack", true)) {
				return LuaMessages.ack(client.publish(message));
			}
			client.publishWithoutAck(message);
			return new LuaTable();
		}

	}

	private static final class PublishCore extends TwoArgFunction {

		@Override
		public LuaValue call(LuaValue self, LuaValue params) {
			LuaNatsClient client = client(self, "publish_core");
			LuaTableReader reader = LuaTableReader.of("client:publish_core", "", params, PARAMS,
					LuaMessages.MESSAGE_KEYS);
			client.publishCore(LuaMessages.message(reader, client.subjects()));
			return NIL;
		}

	}

	private static final class Request extends TwoArgFunction {

		@Override
		public LuaValue call(LuaValue self, LuaValue params) {
			LuaNatsClient client = client(self, "request");
			LuaTableReader reader = LuaTableReader.of("client:request", "", params, PARAMS, REQUEST_KEYS);
			LuaMessages.Outgoing message = LuaMessages.message(reader, client.subjects());
			Duration timeout = reader.duration("timeout", client.requestTimeout());
			return LuaMessages.reply(client.request(message, timeout));
		}

	}

	private static final class Flush extends TwoArgFunction {

		@Override
		public LuaValue call(LuaValue self, LuaValue timeout) {
			LuaNatsClient client = client(self, "flush");
			client.flush(timeout.isnil() ? client.requestTimeout() : duration(timeout));
			return NIL;
		}

		private static Duration duration(LuaValue timeout) {
			try {
				return LuaDurations.parse(timeout);
			}
			catch (IllegalArgumentException ex) {
				throw new LuaError("client:flush: timeout: " + ex.getMessage());
			}
		}

	}

	private static final class Close extends OneArgFunction {

		@Override
		public LuaValue call(LuaValue self) {
			if (!self.isuserdata(LuaNatsClient.class)) {
				throw new LuaError("client:close: call it on a client with a colon, as in client:close()");
			}
			((LuaNatsClient) self.touserdata()).close();
			return NIL;
		}

	}

	private static final class ToString extends OneArgFunction {

		@Override
		public LuaValue call(LuaValue self) {
			LuaNatsClient client = (LuaNatsClient) self.checkuserdata(LuaNatsClient.class);
			return valueOf("nats client '" + client.name() + "'" + (client.isClosed() ? " (closed)" : ""));
		}

	}

}
