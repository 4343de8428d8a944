package io.kumo.nats.sample;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * A plain NATS service on the {@code rpc} connection that answers requests on
 * {@code sample.echo} with the upper-cased payload, for the request/reply example.
 */
@Component
class EchoService implements InitializingBean, DisposableBean {

	static final String SUBJECT = "sample.echo";

	private final Connection connection;

	private Dispatcher dispatcher;

	EchoService(@Qualifier("rpc") Connection connection) {
		this.connection = connection;
	}

	@Override
	public void afterPropertiesSet() {
		this.dispatcher = this.connection.createDispatcher((message) -> this.connection.publish(message.getReplyTo(),
				new String(message.getData(), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT)
					.getBytes(StandardCharsets.UTF_8)));
		this.dispatcher.subscribe(SUBJECT);
	}

	@Override
	public void destroy() {
		this.connection.closeDispatcher(this.dispatcher);
	}

}
