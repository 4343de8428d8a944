package io.kumo.nats.autoconfigure.lua;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.autoconfigure.NatsProperties;
import io.kumo.nats.autoconfigure.messaging.NatsListenerAutoConfiguration;
import io.kumo.nats.connection.IdleNatsConnections;
import io.kumo.nats.connection.NatsConnectionFactory;
import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.lua.LuaSandbox;
import io.kumo.nats.lua.LuaStateLimits;
import io.kumo.nats.lua.NatsLuaScripts;
import io.kumo.nats.messaging.listener.NatsListenerEndpointRegistry;
import org.luaj.vm2.Globals;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configuration of {@link NatsLuaScripts} when LuaJ is on the class path and
 * {@code kumo.nats.lua.enabled} is not {@code false}, sandboxed by the {@code kumo.nats.lua}
 * properties. Connections its scripts open go through the application's one
 * connection factory and registry. Each {@code kumo.nats.lua.handlers.<id>} becomes a listener
 * in the {@link NatsListenerEndpointRegistry}.
 */
@AutoConfiguration(after = { NatsAutoConfiguration.class, NatsListenerAutoConfiguration.class })
@ConditionalOnClass(Globals.class)
@ConditionalOnBean(NatsConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "kumo.nats.lua.enabled", matchIfMissing = true)
public final class NatsLuaAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	NatsLuaScripts natsLuaScripts(NatsConnectionFactory connectionFactory, NatsConnectionRegistry registry,
			NatsProperties properties) {
		NatsProperties.Lua lua = properties.getLua();
		LuaSandbox sandbox = new LuaSandbox(lua.isAllowLuajava(), lua.isAllowIo(), lua.isAllowBinaryChunks(),
				lua.getRequirePath(), lua.getSecretsDirectory(), lua.getMaxInstructions(), lua.getTimeout(),
				lua.getMaxMemory().toBytes());
		return new NatsLuaScripts(connectionFactory, registry, sandbox,
				new IdleNatsConnections(lua.getConnectionLinger(), lua.getIdleConnectionsPerSettings(),
						lua.getIdleConnections()),
				new LuaStateLimits(lua.getMaxStates(), lua.getStateWaitTimeout(), lua.getStateIdleTimeout()));
	}

	@Bean
	NatsLuaHandlerRegistrar natsLuaHandlerRegistrar(NatsProperties properties, NatsLuaScripts scripts,
			ResourceLoader resourceLoader, ObjectProvider<NatsListenerEndpointRegistry> registry) {
		return new NatsLuaHandlerRegistrar(properties, scripts, resourceLoader, registry);
	}

}
