package io.kumo.nats.autoconfigure.lua;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.autoconfigure.messaging.NatsListenerAutoConfiguration;
import io.kumo.nats.messaging.listener.NatsListenerEndpointRegistry;
import io.kumo.nats.test.NatsServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.MutuallyExclusiveConfigurationPropertiesException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Lua handler that cannot work fails startup with an error naming the property at fault.
 */
class NatsLuaHandlerValidationTests {

	private static final String HANDLER = "kumo.nats.lua.handlers.policy.";

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, NatsListenerAutoConfiguration.class,
				NatsLuaAutoConfiguration.class))
		.withPropertyValues("kumo.nats.connections.main.servers=" + nats.server().address());

	@Test
	void aHandlerWithoutAScriptNamesTheScriptProperty() {
		this.contextRunner.withPropertyValues(HANDLER + "subject=policy.check")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining(HANDLER + "script")
				.hasMessageContaining("classpath:"));
	}

	@Test
	void aScriptThatDoesNotExistNamesTheScriptProperty() {
		this.contextRunner
			.withPropertyValues(HANDLER + "subject=policy.check", HANDLER + "script=classpath:lua-handlers/none.lua")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining(HANDLER + "script")
				.hasMessageContaining("cannot be read"));
	}

	@Test
	void aScriptWithASyntaxErrorNamesTheScriptProperty() {
		this.contextRunner
			.withPropertyValues(HANDLER + "subject=policy.check", HANDLER + "script=classpath:lua-handlers/broken.lua")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining(HANDLER + "script")
				.hasMessageContaining("broken.lua"));
	}

	@Test
	void aScriptThatDoesNotDefineTheFunctionNamesTheFunctionProperty() {
		this.contextRunner
			.withPropertyValues(HANDLER + "subject=policy.check", HANDLER + "script=classpath:lua-handlers/echo.lua",
					HANDLER + "function=on_policy")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining(HANDLER + "function")
				.hasMessageContaining("on_policy")
				.hasMessageContaining("defines no global function"));
	}

	@Test
	void bothASubjectAndAStreamAreRefused() {
		this.contextRunner
			.withPropertyValues(HANDLER + "subject=policy.check", HANDLER + "stream=MAIL", HANDLER + "durable=policy",
					HANDLER + "script=classpath:lua-handlers/echo.lua")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(MutuallyExclusiveConfigurationPropertiesException.class)
				.hasMessageContaining(HANDLER + "subject")
				.hasMessageContaining(HANDLER + "stream"));
	}

	@Test
	void neitherASubjectNorAStreamIsRefused() {
		this.contextRunner.withPropertyValues(HANDLER + "script=classpath:lua-handlers/echo.lua")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining(HANDLER + "subject")
				.hasMessageContaining("stream"));
	}

	@Test
	void aStreamWithoutADurableNamesTheDurableProperty() {
		this.contextRunner
			.withPropertyValues(HANDLER + "stream=MAIL", HANDLER + "script=classpath:lua-handlers/echo.lua")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining(HANDLER + "durable"));
	}

	@Test
	void anUnknownConnectionNamesTheConnectionPropertyAndTheKnownOnes() {
		this.contextRunner
			.withPropertyValues(HANDLER + "subject=policy.check", HANDLER + "script=classpath:lua-handlers/echo.lua",
					HANDLER + "connection=orders")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining(HANDLER + "connection")
				.hasMessageContaining("orders")
				.hasMessageContaining("[main]"));
	}

	@Test
	void aConcurrencyBelowOneNamesTheConcurrencyProperty() {
		this.contextRunner
			.withPropertyValues(HANDLER + "subject=policy.check", HANDLER + "script=classpath:lua-handlers/echo.lua",
					HANDLER + "concurrency=0")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining(HANDLER + "concurrency"));
	}

	@Test
	void aHandlerOnANamedConnectionAndQueueGroupStarts() {
		this.contextRunner
			.withPropertyValues(HANDLER + "subject=policy.check", HANDLER + "script=classpath:lua-handlers/echo.lua",
					HANDLER + "connection=main", HANDLER + "queue=policies")
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(NatsListenerEndpointRegistry.class)
				.satisfies((registry) -> assertThat(registry.getListenerContainer("policy").getEndpoint().queue())
					.isEqualTo("policies")));
	}

}
