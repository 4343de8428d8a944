package io.kumo.nats.sample;

import java.util.Map;

import io.kumo.nats.autoconfigure.NatsProperties;
import io.kumo.nats.lua.NatsLuaScript;
import io.kumo.nats.lua.NatsLuaScripts;

import org.springframework.stereotype.Component;

/**
 * The Lua policies of the sample: {@code publish.lua} in KumoMTA's style, opening its own
 * connection for every message, and {@code ask.lua} over the YAML-declared {@code rpc} connection.
 */
@Component
class MessagePolicies {

	private final NatsLuaScript publish;

	private final NatsLuaScript ask;

	private final Map<String, Object> events;

	MessagePolicies(NatsLuaScripts scripts, NatsProperties properties) {
		this.publish = scripts.compileResource("policy/publish.lua");
		this.ask = scripts.compileResource("policy/ask.lua");
		NatsProperties.Connection events = properties.getConnections().get("events");
		this.events = Map.of("servers", events.getServers(), "username", events.getAuth().getUsername(), "password",
				events.getAuth().getPassword());
	}

	Object publish(String id, String queue, String body) {
		return this.publish.call("handle", Map.of("id", id, "queue", queue, "body", body), this.events);
	}

	Object ask(String text) {
		return this.ask.call("ask", text);
	}

}
