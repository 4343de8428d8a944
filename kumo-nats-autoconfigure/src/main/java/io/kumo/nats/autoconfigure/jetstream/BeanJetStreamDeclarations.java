package io.kumo.nats.autoconfigure.jetstream;

import java.util.Map;
import java.util.function.BiConsumer;

import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.connection.RegisteredNatsConnection;
import io.kumo.nats.jetstream.JetStreamDeclarations;
import io.kumo.nats.jetstream.NatsConsumerDeclaration;
import io.nats.client.Connection;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StreamConfiguration;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * The {@link StreamConfiguration}, {@link NatsConsumerDeclaration} and
 * {@link KeyValueConfiguration} beans, each for the connection its {@link Qualifier} names or,
 * without one, for the primary connection.
 */
final class BeanJetStreamDeclarations {

	private final ConfigurableListableBeanFactory beanFactory;

	private final NatsConnectionRegistry registry;

	BeanJetStreamDeclarations(ConfigurableListableBeanFactory beanFactory, NatsConnectionRegistry registry) {
		this.beanFactory = beanFactory;
		this.registry = registry;
	}

	/**
	 * Adds every declaration bean to the declarations of its connection.
	 * @param declarations the declarations by connection name, one entry per configured
	 * connection
	 * @throws IllegalStateException when a bean names no configured connection, or has no
	 * qualifier while no connection is primary
	 */
	void addTo(Map<String, JetStreamDeclarations> declarations) {
		add(StreamConfiguration.class, declarations,
				(declared, bean) -> declared.stream(bean.configuration(), bean.source()));
		add(KeyValueConfiguration.class, declarations,
				(declared, bean) -> declared.keyValue(bean.configuration(), bean.source()));
		add(NatsConsumerDeclaration.class, declarations,
				(declared, bean) -> declared.consumer(bean.configuration(), bean.source()));
	}

	private <T> void add(Class<T> type, Map<String, JetStreamDeclarations> declarations,
			BiConsumer<JetStreamDeclarations, DeclarationBean<T>> adder) {
		for (String beanName : this.beanFactory.getBeanNamesForType(type, false, false)) {
			String connection = connectionOf(beanName, type, declarations);
			adder.accept(declarations.get(connection),
					new DeclarationBean<>(this.beanFactory.getBean(beanName, type), "bean '" + beanName + "'"));
		}
	}

	private String connectionOf(String beanName, Class<?> type, Map<String, JetStreamDeclarations> declarations) {
		Qualifier qualifier = this.beanFactory.findAnnotationOnBean(beanName, Qualifier.class);
		String described = type.getSimpleName() + " bean '" + beanName + "'";
		if (qualifier != null && !qualifier.value().isEmpty()) {
			if (!declarations.containsKey(qualifier.value())) {
				throw new IllegalStateException(described + " is qualified '" + qualifier.value()
						+ "', which names no connection under 'kumo.nats.connections' " + declarations.keySet()
						+ "; qualify it with the name of a configured connection");
			}
			return qualifier.value();
		}
		String primary = primary();
		if (primary == null || !declarations.containsKey(primary)) {
			throw new IllegalStateException(described + " has no @Qualifier and there is no primary NATS "
					+ "connection among " + declarations.keySet()
					+ "; qualify it with @Qualifier(\"<connection name>\") or set "
					+ "'kumo.nats.connections.<name>.primary=true'");
		}
		return primary;
	}

	private @Nullable String primary() {
		Connection primary = this.beanFactory.getBeanProvider(Connection.class).getIfUnique();
		if (primary == null) {
			return null;
		}
		return this.registry.connections()
			.stream()
			.filter((registered) -> registered.connection() == primary)
			.map(RegisteredNatsConnection::name)
			.findFirst()
			.orElse(null);
	}

	private record DeclarationBean<T>(T configuration, String source) {
	}

}
