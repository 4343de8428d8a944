package io.kumo.nats.autoconfigure.diagnostics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.NoUniqueBeanDefinitionException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.analyzer.AbstractInjectionFailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Reports an injection of a connection, JetStream or JetStream management bean without a
 * qualifier while several connections are configured and none is primary, with the property that
 * makes one primary instead of Spring's generic advice to add {@code @Primary}.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
final class NoPrimaryNatsConnectionFailureAnalyzer extends AbstractInjectionFailureAnalyzer<NoUniqueBeanDefinitionException> {

	private static final Map<Class<?>, String> BEAN_NAME_SUFFIXES = Map.of(Connection.class, "NatsConnection",
			JetStream.class, "JetStream", JetStreamManagement.class, "JetStreamManagement");

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, NoUniqueBeanDefinitionException cause,
			@Nullable String description) {
		Class<?> type = cause.getBeanType();
		String suffix = (type != null) ? BEAN_NAME_SUFFIXES.get(type) : null;
		List<String> connections = (suffix != null) ? connectionNames(cause.getBeanNamesFound(), suffix) : null;
		if (type == null || connections == null) {
			return null;
		}
		String example = connections.get(0);
		return new FailureAnalysis(((description != null) ? description : "A component") + " required a single NATS "
				+ type.getSimpleName() + ", but " + connections.size() + " connections are configured under "
				+ "'kumo.nats.connections' " + connections + " and none is primary.",
				"Set 'primary: true' on the connection to inject where no qualifier is given, for example "
						+ "'kumo.nats.connections." + example + ".primary=true', or choose one at the injection point "
						+ "with @Qualifier(\"" + example + "\").",
				cause);
	}

	private static @Nullable List<String> connectionNames(@Nullable Collection<String> beanNames, String suffix) {
		if (beanNames == null || beanNames.isEmpty()) {
			return null;
		}
		List<String> connections = new ArrayList<>();
		for (String beanName : beanNames) {
			if (!beanName.endsWith(suffix) || beanName.length() == suffix.length()) {
				return null;
			}
			connections.add(beanName.substring(0, beanName.length() - suffix.length()));
		}
		connections.sort(Comparator.naturalOrder());
		return connections;
	}

}
