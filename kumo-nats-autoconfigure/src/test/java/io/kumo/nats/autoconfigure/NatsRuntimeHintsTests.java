package io.kumo.nats.autoconfigure;

import java.util.List;

import io.kumo.nats.lua.NatsLuaMessageHandler;
import io.kumo.nats.lua.NatsLuaScripts;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.lib.IoLib;
import org.luaj.vm2.lib.OsLib;
import org.luaj.vm2.lib.jse.JseBaseLib;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime hints that this module's {@code META-INF/spring/aot.factories} registers cover what is reached
 * reflectively: binding {@link NatsProperties} and the LuaJ libraries that {@link NatsLuaScripts}
 * loads.
 */
class NatsRuntimeHintsTests {

	private final RuntimeHints hints = registeredHints();

	@Test
	void propertiesCanBeBound() throws NoSuchMethodException {
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(NatsProperties.Connection.class.getMethod("setServers", List.class)))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(NatsProperties.Auth.class.getMethod("setPassword", String.class))).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(NatsProperties.Lua.class.getMethod("setEnabled", boolean.class))).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(NatsJetStreamProperties.Stream.class.getMethod("setSubjects", List.class)))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(NatsJetStreamProperties.Consumer.class.getMethod("setStream", String.class)))
			.accepts(this.hints);
	}

	@Test
	void luaHandlersCanBeInvokedReflectively() throws NoSuchMethodException {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(NatsLuaMessageHandler.handleMethod()))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(NatsProperties.Lua.Handler.class.getMethod("setScript", String.class)))
			.accepts(this.hints);
	}

	@Test
	void luajLibrariesCanBeCreatedReflectively() {
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(TypeReference.of(IoLib.class.getName() + "$IoLibV"))
			.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(OsLib.class)
			.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(JseBaseLib.class)
			.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(this.hints);
	}

	@Test
	void withoutTheRegistrarsTheSameChecksFail() {
		assertThat(RuntimeHintsPredicates.reflection().onType(OsLib.class)).rejects(new RuntimeHints());
		assertThat(RuntimeHintsPredicates.reflection().onType(NatsProperties.Connection.class))
			.rejects(new RuntimeHints());
	}

	private static RuntimeHints registeredHints() {
		RuntimeHints hints = new RuntimeHints();
		SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class, FailureHandler.throwing())
			.stream()
			.filter((registrar) -> registrar.getClass().getName().startsWith("io.kumo.nats."))
			.forEach((registrar) -> registrar.registerHints(hints, NatsRuntimeHintsTests.class.getClassLoader()));
		return hints;
	}

}
