package io.kumo.nats.lua;

import java.time.Duration;
import java.util.List;

import io.kumo.nats.connection.IdleNatsConnections;
import io.kumo.nats.connection.NatsConnectionFactory;
import io.kumo.nats.connection.NatsConnectionRegistry;

import org.springframework.core.io.DefaultResourceLoader;

/**
 * A registry, the one connection factory and the scripts bean, wired the way the
 * auto-configuration wires them.
 */
final class LuaScriptsFixture implements AutoCloseable {

	final NatsConnectionRegistry registry = new NatsConnectionRegistry();

	final NatsConnectionFactory factory = new NatsConnectionFactory(this.registry,
			new DefaultResourceLoader(), null, List.of());

	final IdleNatsConnections idleConnections;

	final NatsLuaScripts scripts;

	LuaScriptsFixture() {
		this(LuaSandbox.defaults());
	}

	LuaScriptsFixture(LuaSandbox sandbox) {
		this(sandbox, Duration.ZERO);
	}

	LuaScriptsFixture(LuaSandbox sandbox, Duration connectionLinger) {
		this(sandbox, new IdleNatsConnections(connectionLinger, 8, 64), LuaStateLimits.defaults());
	}

	LuaScriptsFixture(LuaSandbox sandbox, IdleNatsConnections idleConnections, LuaStateLimits stateLimits) {
		this.idleConnections = idleConnections;
		this.scripts = new NatsLuaScripts(this.factory, this.registry, sandbox, idleConnections, stateLimits);
	}

	@Override
	public void close() {
		this.scripts.close();
		this.registry.close();
	}

}
