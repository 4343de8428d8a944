package io.kumo.nats.lua;

import io.kumo.nats.connection.NatsStoppingException;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * The {@code kumo.nats} library, loaded into a state like LuaJ's own libraries:
 * {@code kumo.nats.connect(CONFIG)} opens a connection, {@code kumo.nats.connection(name)} uses
 * one declared in the application's configuration.
 */
final class KumoNatsLib extends TwoArgFunction {

	private final ScriptConnections connections;

	private final LuaClientMethods clients = new LuaClientMethods();

	KumoNatsLib(ScriptConnections connections) {
		this.connections = connections;
	}

	@Override
	public LuaValue call(LuaValue modname, LuaValue env) {
		LuaTable nats = new LuaTable();
		nats.set("connect", new Connect());
		nats.set("connection", new ConfiguredConnection());
		LuaValue kumo = env.get("kumo");
		if (!kumo.istable()) {
			kumo = new LuaTable();
			env.set("kumo", kumo);
		}
		kumo.set("nats", nats);
		return nats;
	}

	private final class Connect extends OneArgFunction {

		@Override
		public LuaValue call(LuaValue config) {
			try {
				return KumoNatsLib.this.clients.wrap(KumoNatsLib.this.connections.connect(config));
			}
			catch (NatsStoppingException ex) {
				throw new LuaError(ex.getMessage());
			}
		}

	}

	private final class ConfiguredConnection extends OneArgFunction {

		@Override
		public LuaValue call(LuaValue name) {
			if (name.type() != TSTRING) {
				throw new LuaError("kumo.nats.connection: expected the name of a configured connection "
						+ "such as 'orders', got " + name.typename());
			}
			return KumoNatsLib.this.clients.wrap(KumoNatsLib.this.connections.configured(name.tojstring()));
		}

	}

}
