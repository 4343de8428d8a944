package io.kumo.nats.autoconfigure.jetstream;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.kumo.nats.autoconfigure.NatsProperties;
import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.connection.RegisteredNatsConnection;
import io.kumo.nats.jetstream.JetStreamDeclarations;
import io.kumo.nats.jetstream.JetStreamDeclarer;
import io.nats.client.Connection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Applies the declared streams, consumers and key-value buckets of every configured connection
 * once all singletons exist, which is before any {@code SmartLifecycle} bean (such as a listener
 * container) starts, so nothing consumes from a stream or consumer that is still to be declared.
 */
final class NatsJetStreamDeclarationsInitializer implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(NatsJetStreamDeclarationsInitializer.class);

	private final NatsProperties properties;

	private final NatsConnectionRegistry registry;

	private final ConfigurableListableBeanFactory beanFactory;

	NatsJetStreamDeclarationsInitializer(NatsProperties properties, NatsConnectionRegistry registry,
			ConfigurableListableBeanFactory beanFactory) {
		this.properties = properties;
		this.registry = registry;
		this.beanFactory = beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Map<String, JetStreamDeclarations> declarations = new LinkedHashMap<>();
		this.properties.getConnections().forEach((name, connection) -> {
			JetStreamDeclarations declared = new JetStreamDeclarations();
			PropertiesJetStreamDeclarations.addTo(name, connection.getJetstream(), declared);
			declarations.put(name, declared);
		});
		new BeanJetStreamDeclarations(this.beanFactory, this.registry).addTo(declarations);
		declarations.forEach((name, declared) -> {
			if (!declared.isEmpty()) {
				declare(this.registry.get(name), declared);
			}
		});
	}

	private void declare(RegisteredNatsConnection registered, JetStreamDeclarations declarations) {
		if (registered.connection().getStatus() != Connection.Status.CONNECTED) {
			logger.warn("NATS connection '" + registered.name() + "' is not connected at startup; its declared "
					+ "JetStream streams, consumers and key-value buckets were not applied");
			return;
		}
		try {
			new JetStreamDeclarer(registered.name(), registered.jetStreamManagement()).declare(declarations);
		}
		catch (IOException ex) {
			throw new IllegalStateException("NATS connection '" + registered.name()
					+ "' could not apply its JetStream declarations: " + ex.getMessage(), ex);
		}
	}

}
