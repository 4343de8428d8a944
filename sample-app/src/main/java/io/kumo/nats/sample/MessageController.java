package io.kumo.nats.sample;

import java.util.Map;
import java.util.UUID;

import io.kumo.nats.lua.NatsLuaScriptException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * HTTP endpoints that hand their input to the Lua policies and return what the policies return.
 */
@RestController
class MessageController {

	private final MessagePolicies policies;

	MessageController(MessagePolicies policies) {
		this.policies = policies;
	}

	@PostMapping("/messages")
	Object publish(@RequestBody String body, @RequestHeader(name = "Message-Id", required = false) String id,
			@RequestParam(defaultValue = "inbound") String queue) {
		return this.policies.publish((id != null) ? id : UUID.randomUUID().toString(), queue, body);
	}

	@PostMapping("/requests")
	Object ask(@RequestBody String body) {
		return this.policies.ask(body);
	}

	@ExceptionHandler(NatsLuaScriptException.class)
	ResponseEntity<Map<String, String>> policyFailed(NatsLuaScriptException ex) {
		return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(Map.of("error", String.valueOf(ex.getMessage())));
	}

}
