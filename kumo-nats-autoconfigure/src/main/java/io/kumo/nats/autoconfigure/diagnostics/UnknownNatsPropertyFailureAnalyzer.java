package io.kumo.nats.autoconfigure.diagnostics;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Reports unknown keys under {@code kumo.nats} with the nearest valid key and the list of valid
 * ones. It runs before Spring Boot's own report of unbound properties, which would show their
 * values, and a mistyped {@code auth.pasword} holds a secret.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
final class UnknownNatsPropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException> {

	private static final ConfigurationPropertyName NATS = ConfigurationPropertyName.of("kumo.nats");

	private static final ConfigurationPropertyName CONNECTIONS = ConfigurationPropertyName.of("kumo.nats.connections");

	private static final int CONNECTION_KEY_START = CONNECTIONS.getNumberOfElements() + 1;

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, UnboundConfigurationPropertiesException cause) {
		List<ConfigurationProperty> unknown = cause.getUnboundProperties()
			.stream()
			.filter((property) -> NATS.isAncestorOf(property.getName()))
			.sorted(Comparator.comparing((property) -> property.getName().toString()))
			.toList();
		if (unknown.isEmpty()) {
			return null;
		}
		StringBuilder description = new StringBuilder("Unknown NATS properties:");
		unknown.forEach((property) -> description.append(String.format("%n    ")).append(describe(property)));
		return new FailureAnalysis(description.toString(), action(unknown), cause);
	}

	private String describe(ConfigurationProperty property) {
		ConfigurationPropertyName name = property.getName();
		boolean connectionKey = isConnectionKey(name);
		String key = connectionKey ? key(name, CONNECTION_KEY_START) : key(name, NATS.getNumberOfElements());
		String nearest = (connectionKey ? NatsPropertyKeys.connection() : NatsPropertyKeys.top()).nearest(key);
		return "'" + name + "'" + ((property.getOrigin() != null) ? " (from " + property.getOrigin() + ")" : "")
				+ ((nearest != null) ? ": did you mean " + nearest + "?" : "");
	}

	private String action(List<ConfigurationProperty> unknown) {
		StringBuilder action = new StringBuilder("Correct or remove the unknown properties.");
		if (unknown.stream().anyMatch((property) -> isConnectionKey(property.getName()))) {
			action.append(" Each connection under 'kumo.nats.connections.<name>' accepts: ")
				.append(String.join(", ", NatsPropertyKeys.connection().keys()))
				.append('.');
		}
		if (unknown.stream().anyMatch((property) -> !isConnectionKey(property.getName()))) {
			action.append(" Under 'kumo.nats' there are 'connections.<name>.*' and: ")
				.append(String.join(", ", NatsPropertyKeys.top().keys()))
				.append('.');
		}
		return action.toString();
	}

	private static boolean isConnectionKey(ConfigurationPropertyName name) {
		return CONNECTIONS.isAncestorOf(name) && name.getNumberOfElements() > CONNECTION_KEY_START;
	}

	private static String key(ConfigurationPropertyName name, int start) {
		return IntStream.range(start, name.getNumberOfElements())
			.mapToObj((index) -> name.getElement(index, Form.DASHED))
			.collect(Collectors.joining("."));
	}

}
