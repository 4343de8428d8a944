package io.kumo.nats.sample;

import java.util.Locale;

import io.kumo.nats.messaging.listener.NatsListener;

import org.springframework.stereotype.Component;

/**
 * A NATS service on the {@code rpc} connection that answers requests on {@code sample.echo} with
 * the upper-cased payload, for the request/reply example.
 */
@Component
class EchoService {

	static final String SUBJECT = "sample.echo";

	@NatsListener(id = "echo", subjects = SUBJECT, connection = "rpc")
	String echo(String text) {
		return text.toUpperCase(Locale.ROOT);
	}

}
