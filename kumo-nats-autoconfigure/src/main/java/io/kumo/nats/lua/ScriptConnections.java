package io.kumo.nats.lua;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.kumo.nats.connection.IdleNatsConnections;
import io.kumo.nats.connection.NatsConnectException;
import io.kumo.nats.connection.NatsConnectionFactory;
import io.kumo.nats.connection.NatsConnectionOrigin;
import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.connection.RegisteredNatsConnection;
import io.kumo.nats.settings.InvalidNatsSettingException;
import io.kumo.nats.settings.NatsConnectionSettings;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * The connections of one script state: opens them through the application's one connection
 * factory, so they are registered like configured ones, reusing a connection an earlier client
 * with equal settings closed, and remembers them so that the state can close what its script
 * left open.
 */
final class ScriptConnections {

	private final NatsConnectionFactory factory;

	private final NatsConnectionRegistry registry;

	private final IdleNatsConnections idleConnections;

	private final LuaConnectConfig config;

	private final AtomicLong sequence;

	private final List<LuaNatsClient> opened = new ArrayList<>();

	ScriptConnections(NatsConnectionFactory factory, NatsConnectionRegistry registry,
			IdleNatsConnections idleConnections, LuaConnectConfig config, AtomicLong sequence) {
		this.factory = factory;
		this.registry = registry;
		this.idleConnections = idleConnections;
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
		String name = (settings.name() != null) ? settings.name() : "lua-" + this.sequence.incrementAndGet();
		RegisteredNatsConnection registered;
		try {
			registered = this.factory.connect(name, NatsConnectionOrigin.SCRIPT, settings, this.idleConnections);
		}
		catch (InvalidNatsSettingException ex) {
			throw LuaSettingErrors.translate(LuaConnectConfig.FUNCTION, ex);
		}
		catch (NatsConnectException ex) {
			throw new LuaError(LuaConnectConfig.FUNCTION + ": " + ex.getMessage());
		}
		try {
			LuaNatsClient client = LuaNatsClient.owning(registered);
			this.opened.removeIf(LuaNatsClient::isClosed);
			this.opened.add(client);
			return client;
		}
		catch (RuntimeException ex) {
			registered.close();
			throw ex;
		}
	}

	LuaNatsClient configured(String name) {
		return this.registry.find(name)
			.filter((connection) -> connection.origin() == NatsConnectionOrigin.CONFIGURATION)
			.map(LuaNatsClient::sharing)
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
