package io.kumo.nats.test;

import java.time.Duration;

import io.nats.client.ErrorListener;
import io.nats.client.Options;

final class Clients {

	private Clients() {
	}

	static Options.Builder options(NatsServer server) {
		return Options.builder()
			.server(server.url())
			.connectionTimeout(Duration.ofSeconds(5))
			.maxReconnects(0)
			.errorListener(new ErrorListener() {
			});
	}

	static Options.Builder expectingFailure(NatsServer server) {
		return options(server).connectionTimeout(Duration.ofSeconds(1));
	}

}
