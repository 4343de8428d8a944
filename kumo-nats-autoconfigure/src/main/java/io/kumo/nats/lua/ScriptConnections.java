package io.kumo.nats.lua;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.kumo.nats.connection.NatsConnectException;
import io.kumo.nats.connection.NatsConnectionLease;
import io.kumo.nats.connection.NatsConnectionOrigin;
import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.connection.RegisteredNatsConnection;
import io.kumo.nats.connection.SharedNatsConnections;
import io.kumo.nats.settings.InvalidNatsSettingException;
import io.kumo.nats.settings.NatsConnectionSettings;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * The clients of one script state: each holds the connection that every state asking for equal
 * settings shares, opened through the application's one connection factory, so it is registered
 * once like configured ones. The state remembers its clients so that it can close what its script
 * left open.
 */
final class ScriptConnections {

	private final SharedNatsConnections shared;

	private final NatsConnectionRegistry registry;

	private final LuaConnectConfig config;

	private final AtomicLong sequence;

	private final List<LuaNatsClient> opened = new ArrayList<>();

	ScriptConnections(SharedNatsConnections shared, NatsConnectionRegistry registry, LuaConnectConfig config,
			AtomicLong sequence) {
		this.shared = shared;
		this.registry = registry;
		this.config = config;
		this.sequence = sequence;
	}

	LuaNatsClient connect(LuaValue configTable) {
		NatsConnectionSettings settings;
		try {
			settings = this.config.read(configTable);
		}
		catch (InvalidNatsSettingException ex) {
			throw LuaSettingErrors.translate(LuaConnectConfig.FUNCTION, ex);
		}
		String name = settings.name();
		NatsConnectionLease lease;
		try {
			lease = this.shared.acquire(() -> (name != null) ? name : "lua-" + this.sequence.incrementAndGet(),
					NatsConnectionOrigin.SCRIPT, settings);
		}
		catch (InvalidNatsSettingException ex) {
			throw LuaSettingErrors.translate(LuaConnectConfig.FUNCTION, ex);
		}
		catch (NatsConnectException ex) {
			throw new LuaError(LuaConnectConfig.FUNCTION + ": " + ex.getMessage());
		}
		try {
			LuaNatsClient client = LuaNatsClient.holding(lease);
			this.opened.removeIf(LuaNatsClient::isClosed);
			this.opened.add(client);
			return client;
		}
		catch (RuntimeException ex) {
			lease.close();
			throw ex;
		}
	}

	LuaNatsClient configured(String name) {
		return this.registry.find(name)
			.filter((connection) -> connection.origin() == NatsConnectionOrigin.CONFIGURATION)
			.map(LuaNatsClient::using)
			.orElseThrow(() -> new LuaError("kumo.nats.connection: no connection named '" + name
					+ "' is configured under kumo.nats.connections; configured: " + configuredNames()));
	}

	void closeAll() {
		this.opened.forEach(LuaNatsClient::close);
		this.opened.clear();
	}

	private List<String> configuredNames() {
		return this.registry.connections()
			.stream()
			.filter((connection) -> connection.origin() == NatsConnectionOrigin.CONFIGURATION)
			.map(RegisteredNatsConnection::name)
			.sorted()
			.toList();
	}

}
