package io.kumo.nats.benchmarks;

import io.nats.client.Connection;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * What LuaJ itself allows for {@code publish_core}: the benchmark script's core functions, word for
 * word, run on plain LuaJ globals (no sandbox, no instruction budget) against a client whose
 * {@code publish_core} is either a Java function that does nothing with its table ({@link #alone()})
 * or the least a working bridge must do: read the two keys with {@code rawget}, copy the payload's
 * bytes and hand them to jnats ({@link #minimalBridge(Connection)}). The distance from these to the
 * real rows is the cost of the project's own code.
 */
final class LuaFloor {

	private static final String SOURCE = """
			local client = ...

			function core(payload)
			  client:publish_core { subject = 'bench.core', payload = payload }
			end

			function core_loop(payload)
			  for i = 1, %d do
			    client:publish_core { subject = 'bench.core', payload = payload }
			  end
			end
			""";

	private static final LuaString SUBJECT = LuaString.valueOf("subject");

	private static final LuaString PAYLOAD = LuaString.valueOf("payload");

	private final LuaValue core;

	private final LuaValue coreLoop;

	private LuaFloor(TwoArgFunction publishCore) {
		Globals globals = new Globals();
		LoadState.install(globals);
		LuaC.install(globals);
		LuaTable methods = new LuaTable();
		methods.set("publish_core", publishCore);
		LuaTable metatable = new LuaTable();
		metatable.set(LuaValue.INDEX, methods);
		LuaValue client = new LuaUserdata(new Object(), metatable);
		globals.load(SOURCE.formatted(CorePublishBenchmark.PUBLISHES_PER_LOOP), "floor.lua").call(client);
		this.core = globals.get("core");
		this.coreLoop = globals.get("core_loop");
	}

	static LuaFloor alone() {
		return new LuaFloor(new NoOp());
	}

	static LuaFloor minimalBridge(Connection connection) {
		return new LuaFloor(new MinimalPublish(connection));
	}

	/**
	 * Calls {@code core} once, with the payload as a Lua string over the same array, as
	 * {@code NatsLuaScript.call} passes a {@code byte[]}.
	 */
	void core(byte[] payload) {
		this.core.call(LuaString.valueUsing(payload));
	}

	void coreLoop(byte[] payload) {
		this.coreLoop.call(LuaString.valueUsing(payload));
	}

	private static final class NoOp extends TwoArgFunction {

		@Override
		public LuaValue call(LuaValue self, LuaValue params) {
			return NIL;
		}

	}

	private static final class MinimalPublish extends TwoArgFunction {

		private final Connection connection;

		MinimalPublish(Connection connection) {
			this.connection = connection;
		}

		@Override
		public LuaValue call(LuaValue self, LuaValue params) {
			LuaValue subject = params.rawget(SUBJECT);
			LuaString payload = params.rawget(PAYLOAD).checkstring();
			byte[] data = new byte[payload.m_length];
			payload.copyInto(0, data, 0, data.length);
			this.connection.publish(subject.tojstring(), data);
			return NIL;
		}

	}

}
