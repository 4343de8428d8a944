package io.kumo.nats.sample;

import io.kumo.nats.messaging.core.NatsTemplate;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * An HTTP endpoint that sends a greeting object to {@code sample.greetings} with the primary
 * connection's {@link NatsTemplate}, which writes it as JSON.
 */
@RestController
class GreetingController {

	static final String SUBJECT = "sample.greetings";

	private final NatsTemplate template;

	GreetingController(NatsTemplate template) {
		this.template = template;
	}

	@PostMapping("/greetings")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Greeting greet(@RequestBody String name) {
		Greeting greeting = new Greeting(name.strip(), "Hello, " + name.strip() + "!");
		this.template.send(SUBJECT, greeting);
		return greeting;
	}

	/**
	 * The greeting sent.
	 * @param name who is greeted
	 * @param text the greeting
	 */
	record Greeting(String name, String text) {
	}

}
