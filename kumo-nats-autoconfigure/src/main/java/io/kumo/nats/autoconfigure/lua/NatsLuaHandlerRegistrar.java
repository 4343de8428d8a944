package io.kumo.nats.autoconfigure.lua;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.kumo.nats.autoconfigure.NatsProperties;
import io.kumo.nats.lua.NatsLuaMessageHandler;
import io.kumo.nats.lua.NatsLuaScript;
import io.kumo.nats.lua.NatsLuaScriptException;
import io.kumo.nats.lua.NatsLuaScripts;
import io.kumo.nats.messaging.listener.JetStreamEndpoint;
import io.kumo.nats.messaging.listener.NatsListenerEndpoint;
import io.kumo.nats.messaging.listener.NatsListenerEndpointRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.MutuallyExclusiveConfigurationPropertiesException;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.StringUtils;

/**
 * Turns each {@code kumo.nats.lua.handlers.<id>} into a listener endpoint whose bean is a
 * {@link NatsLuaMessageHandler}, once all singletons exist, after checking its script, function,
 * source and connection, and registers it with the {@link NatsListenerEndpointRegistry}.
 */
final class NatsLuaHandlerRegistrar implements SmartInitializingSingleton {

	private static final String PREFIX = "kumo.nats.lua.handlers.";

	private final Map<String, NatsProperties.Lua.Handler> handlers;

	private final Set<String> connections;

	private final NatsLuaScripts scripts;

	private final ResourceLoader resourceLoader;

	private final ObjectProvider<NatsListenerEndpointRegistry> registry;

	NatsLuaHandlerRegistrar(NatsProperties properties, NatsLuaScripts scripts, ResourceLoader resourceLoader,
			ObjectProvider<NatsListenerEndpointRegistry> registry) {
		this.handlers = Map.copyOf(properties.getLua().getHandlers());
		this.connections = Set.copyOf(properties.getConnections().keySet());
		this.scripts = scripts;
		this.resourceLoader = resourceLoader;
		this.registry = registry;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.handlers.isEmpty()) {
			return;
		}
		NatsListenerEndpointRegistry registry = this.registry.getIfAvailable();
		if (registry == null) {
			throw new IllegalStateException("kumo.nats.lua.handlers declares " + this.handlers.keySet().stream()
				.sorted()
				.toList() + ", but the application has no NatsListenerEndpointRegistry to run them");
		}
		this.handlers.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.map((entry) -> endpoint(entry.getKey(), entry.getValue()))
			.forEach(registry::register);
	}

	private NatsListenerEndpoint endpoint(String id, NatsProperties.Lua.Handler handler) {
		String prefix = PREFIX + id + ".";
		String connection = connection(prefix, handler.getConnection());
		if (handler.getConcurrency() < 1) {
			throw new InvalidConfigurationPropertyValueException(prefix + "concurrency", handler.getConcurrency(),
					"It must be at least 1.");
		}
		boolean core = StringUtils.hasText(handler.getSubject());
		boolean jetStream = StringUtils.hasText(handler.getStream());
		if (core && jetStream) {
			throw new MutuallyExclusiveConfigurationPropertiesException(Set.of(prefix + "subject", prefix + "stream"),
					Set.of(prefix + "subject", prefix + "stream"));
		}
		if (!core && !jetStream) {
			throw new InvalidConfigurationPropertyValueException(prefix + "subject", null,
					"A Lua handler needs a subject (core) or a stream and durable (JetStream).");
		}
		NatsLuaMessageHandler bean = new NatsLuaMessageHandler(script(prefix, handler), handler.getFunction());
		if (jetStream) {
			return jetStreamEndpoint(id, prefix, handler, connection, bean);
		}
		return new NatsListenerEndpoint(id, List.of(handler.getSubject()),
				StringUtils.hasText(handler.getQueue()) ? handler.getQueue() : null, connection,
				handler.getConcurrency(), handler.isAutoStartup(), bean, NatsLuaMessageHandler.handleMethod());
	}

	private NatsListenerEndpoint jetStreamEndpoint(String id, String prefix, NatsProperties.Lua.Handler handler,
			@Nullable String connection, NatsLuaMessageHandler bean) {
		if (!StringUtils.hasText(handler.getDurable())) {
			throw new InvalidConfigurationPropertyValueException(prefix + "durable", null,
					"A JetStream Lua handler on stream '" + handler.getStream() + "' needs the durable consumer it "
							+ "consumes.");
		}
		if (StringUtils.hasText(handler.getQueue())) {
			throw new InvalidConfigurationPropertyValueException(prefix + "queue", handler.getQueue(),
					"A queue group applies to a core subject only; instances of a JetStream handler share its "
							+ "durable consumer.");
		}
		Integer maxDeliveries = handler.getMaxDeliveries();
		if (maxDeliveries != null && maxDeliveries < 1) {
			throw new InvalidConfigurationPropertyValueException(prefix + "max-deliveries", maxDeliveries,
					"Give at least 1, or leave it out to use the consumer's max-deliver.");
		}
		JetStreamEndpoint jetStream = new JetStreamEndpoint(handler.getStream(), handler.getDurable(),
				(maxDeliveries != null) ? maxDeliveries : 0, handler.getBackoff(),
				StringUtils.hasText(handler.getDeadLetterSubject()) ? handler.getDeadLetterSubject() : null);
		return new NatsListenerEndpoint(id, List.of(), null, connection, handler.getConcurrency(),
				handler.isAutoStartup(), bean, NatsLuaMessageHandler.handleMethod(), jetStream);
	}

	private @Nullable String connection(String prefix, @Nullable String connection) {
		if (!StringUtils.hasText(connection)) {
			return null;
		}
		if (!this.connections.contains(connection)) {
			throw new InvalidConfigurationPropertyValueException(prefix + "connection", connection,
					"No connection has that name; configured: " + this.connections.stream().sorted().toList() + ".");
		}
		return connection;
	}

	private NatsLuaScript script(String prefix, NatsProperties.Lua.Handler handler) {
		String location = handler.getScript();
		if (!StringUtils.hasText(location)) {
			throw new InvalidConfigurationPropertyValueException(prefix + "script", null,
					"A Lua handler needs the location of its script, such as classpath:policy/suppress.lua.");
		}
		Resource resource = this.resourceLoader.getResource(location);
		NatsLuaScript script;
		try (InputStream source = resource.getInputStream()) {
			String name = (resource.getFilename() != null) ? resource.getFilename() : location;
			script = this.scripts.compile(name, source);
		}
		catch (IOException ex) {
			throw new InvalidConfigurationPropertyValueException(prefix + "script", location,
					"The script cannot be read: " + ex.getMessage());
		}
		catch (NatsLuaScriptException ex) {
			throw new InvalidConfigurationPropertyValueException(prefix + "script", location, ex.getMessage());
		}
		defines(prefix, location, script, handler.getFunction());
		return script;
	}

	private static void defines(String prefix, String location, NatsLuaScript script, String function) {
		boolean defined;
		try {
			defined = script.defines(function);
		}
		catch (NatsLuaScriptException ex) {
			throw new InvalidConfigurationPropertyValueException(prefix + "script", location, ex.getMessage());
		}
		if (!defined) {
			throw new InvalidConfigurationPropertyValueException(prefix + "function", function,
					"The script " + location + " defines no global function of that name.");
		}
	}

}
