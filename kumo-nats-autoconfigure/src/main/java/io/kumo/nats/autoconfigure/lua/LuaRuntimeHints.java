package io.kumo.nats.autoconfigure.lua;

import io.kumo.nats.lua.NatsLuaMessageHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Reflection hints for the LuaJ libraries that the sandbox loads and that LuaJ itself reaches
 * reflectively: {@code IoLib} creates its functions with {@code Class.newInstance}, and LuaJ's
 * old class literals go through {@code Class.forName}; and the method a Lua handler's listener
 * calls.
 */
final class LuaRuntimeHints implements RuntimeHintsRegistrar {

	static final String[] REFLECTIVE_TYPES = { "org.luaj.vm2.lib.IoLib$IoLibV", "org.luaj.vm2.lib.OsLib",
			"org.luaj.vm2.lib.jse.JseBaseLib", "org.luaj.vm2.lib.PackageLib", "org.luaj.vm2.lib.StringLib",
			"org.luaj.vm2.lib.TableLib", "org.luaj.vm2.lib.jse.JseMathLib", "org.luaj.vm2.lib.jse.JseOsLib",
			"org.luaj.vm2.lib.jse.JseIoLib" };

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		for (String type : REFLECTIVE_TYPES) {
			hints.reflection()
				.registerTypeIfPresent(classLoader, type, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
		}
		hints.reflection().registerMethod(NatsLuaMessageHandler.handleMethod(), ExecutableMode.INVOKE);
	}

}
