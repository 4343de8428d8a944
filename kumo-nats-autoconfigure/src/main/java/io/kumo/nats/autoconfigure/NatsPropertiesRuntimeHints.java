package io.kumo.nats.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;

/**
 * Reflection hints for binding {@link NatsProperties}, including the connections map that
 * {@link NatsConnectionBeanRegistrar} binds itself, so that binding works in a native image.
 */
final class NatsPropertiesRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		BindableRuntimeHintsRegistrar.forTypes(NatsProperties.class).registerHints(hints, classLoader);
	}

}
