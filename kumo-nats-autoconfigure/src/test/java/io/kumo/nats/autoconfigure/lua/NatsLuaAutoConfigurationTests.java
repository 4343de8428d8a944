package io.kumo.nats.autoconfigure.lua;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.connection.IdleNatsConnections;
import io.kumo.nats.connection.NatsConnectionFactory;
import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.connection.RegisteredNatsConnection;
import io.kumo.nats.lua.LuaSandbox;
import io.kumo.nats.lua.LuaStateLimits;
import io.kumo.nats.lua.NatsLuaScript;
import io.kumo.nats.lua.NatsLuaScriptException;
import io.kumo.nats.lua.NatsLuaScripts;
import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.NatsServerExtension;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.luaj.vm2.Globals;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class NatsLuaAutoConfigurationTests {

	private static final String USER = "yaml";

	private static final String PASSWORD = "yaml-Secret-7";

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension(NatsServer.builder().user(USER, PASSWORD));

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, NatsLuaAutoConfiguration.class));

	@Test
	void providesScriptsBeanWithTheSafeDefaults() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(NatsLuaScripts.class);
			NatsLuaScripts scripts = context.getBean(NatsLuaScripts.class);
			assertThat(scripts.run("return { type(io), type(luajava), type(kumo.nats.connect) }"))
				.isEqualTo(List.of("nil", "nil", "function"));
		});
	}

	@Test
	void appliesSandboxProperties() {
		this.contextRunner
			.withPropertyValues("kumo.nats.lua.allow-io=true", "kumo.nats.lua.allow-luajava=true",
					"kumo.nats.lua.max-instructions=5000", "kumo.nats.lua.timeout=0")
			.run((context) -> {
				NatsLuaScripts scripts = context.getBean(NatsLuaScripts.class);
				assertThat(scripts.run("return { type(io), type(luajava) }")).isEqualTo(List.of("table", "table"));
				assertThatExceptionOfType(NatsLuaScriptException.class).isThrownBy(() -> scripts.run("while true do end"))
					.withMessageContaining("budget of 5000 instructions");
			});
	}

	@Test
	void appliesTheMemoryLimit() {
		this.contextRunner.withPropertyValues("kumo.nats.lua.max-memory=1MB").run((context) -> {
			NatsLuaScripts scripts = context.getBean(NatsLuaScripts.class);
			assertThat(scripts.run("return #string.rep('x', 1000)")).isEqualTo(1000L);
			assertThatExceptionOfType(NatsLuaScriptException.class)
				.isThrownBy(() -> scripts.run("return string.rep('x', 2000000)"))
				.withMessageContaining("script stopped: it exceeded its memory limit of 1048576 bytes");
		});
	}

	@Test
		void stateAndIdleConnectionLimitsReachTheScriptsBean() {
		this.contextRunner.withPropertyValues("kumo.nats.lua.max-states=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("max-states must be at least 1"));
		this.contextRunner.withPropertyValues("kumo.nats.lua.idle-connections=-1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("idle-connections must be zero (no reuse) or positive"));
	}

	@Test
	void requirePathEnablesRequireOfLuaFilesOnly(@TempDir Path directory)
			throws Exception {
		Files.writeString(directory.resolve("helper.lua"), "return { answer = 42 }");
		this.contextRunner.withPropertyValues("kumo.nats.lua.require-path=" + directory + "/?.lua").run((context) -> {
			NatsLuaScripts scripts = context.getBean(NatsLuaScripts.class);
			assertThat(scripts.run("return { require('helper').answer, pcall(require, 'org.luaj.vm2.lib.jse.LuajavaLib'), "
					+ "type(require('os').execute) }")).isEqualTo(List.of(42L, false, "nil"));
		});
	}

	@Test
	void rejectsUnknownLuaProperty() {
		this.contextRunner.withPropertyValues("kumo.nats.lua.allow-everything=true")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void backsOffWithoutLuaj() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Globals.class))
			.run((context) -> assertThat(context).doesNotHaveBean(NatsLuaScripts.class)
				.hasSingleBean(NatsConnectionRegistry.class));
	}

	@Test
	void backsOffWhenSwitchedOff() {
		this.contextRunner.withPropertyValues("kumo.nats.lua.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(NatsLuaScripts.class)
				.hasSingleBean(NatsConnectionRegistry.class));
	}

	@Test
	void switchedOnExplicitlyProvidesScripts() {
		this.contextRunner.withPropertyValues("kumo.nats.lua.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(NatsLuaScripts.class));
	}

	@Test
	void backsOffForUserBean() {
		this.contextRunner.withUserConfiguration(CustomScripts.class)
			.run((context) -> assertThat(context).getBean(NatsLuaScripts.class)
				.isSameAs(context.getBean(CustomScripts.class).scripts));
	}

	@Test
	void luaTableAndYamlBlockGiveEqualSettings() {
		String servers = nats.server().address();
		this.contextRunner
			.withPropertyValues("kumo.nats.connections.mail.servers[0]=" + servers,
					"kumo.nats.connections.mail.name=mail-client", "kumo.nats.connections.mail.auth.username=" + USER,
					"kumo.nats.connections.mail.auth.password=" + PASSWORD, "kumo.nats.connections.mail.no-echo=true",
					"kumo.nats.connections.mail.max-reconnects=7", "kumo.nats.connections.mail.connection-timeout=2500ms",
					"kumo.nats.connections.mail.ping-interval=90s", "kumo.nats.connections.mail.sender-capacity=256",
					"kumo.nats.connections.mail.inbox-prefix=_KUMO", "kumo.nats.connections.mail.request-timeout=3",
					"kumo.nats.connections.mail.ignore-discovered-servers=true",
					"kumo.nats.connections.mail.retain-servers-order=true")
			.run((context) -> {
				NatsLuaScript script = context.getBean(NatsLuaScripts.class).compile("same.lua", """
						function open()
						  client = kumo.nats.connect {
						    servers = { '%s' }, name = 'mail-client', auth = { username = '%s', password = '%s' },
						    no_echo = true, max_reconnects = 7, connection_timeout = 2.5, ping_interval = { secs = 90, nanos = 0 },
						    client_capacity = 256, inbox_prefix = '_KUMO', request_timeout = '3s',
						    ignore_discovered_servers = true, retain_servers_order = true,
						  }
						end
						""".formatted(servers, USER, PASSWORD));
				script.call("open");
				NatsConnectionRegistry registry = context.getBean(NatsConnectionRegistry.class);
				RegisteredNatsConnection yaml = registry.get("mail");
				RegisteredNatsConnection lua = registry.get("mail-client");
				assertThat(lua.settings()).isEqualTo(yaml.settings());
			});
	}

	@Test
	void scriptConnectionsLeftOpenAreClosedWithTheContext() {
		Connection[] opened = new Connection[1];
		this.contextRunner.run((context) -> {
			NatsLuaScript script = context.getBean(NatsLuaScripts.class).compile("keep.lua", """
					function open() client = kumo.nats.connect { servers = { '%s' }, name = 'kept',
					  auth = { username = '%s', password = '%s' } } end
					""".formatted(nats.server().address(), USER, PASSWORD));
			script.call("open");
			opened[0] = context.getBean(NatsConnectionRegistry.class).get("kept").connection();
			assertThat(opened[0].getStatus()).isEqualTo(Connection.Status.CONNECTED);
		});
		assertThat(opened[0].getStatus()).isEqualTo(Connection.Status.CLOSED);
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomScripts {

		final NatsLuaScripts scripts = new NatsLuaScripts(new NatsConnectionFactory(new NatsConnectionRegistry(),
				new DefaultResourceLoader(), null, List.of()), new NatsConnectionRegistry(), LuaSandbox.defaults(),
				new IdleNatsConnections(Duration.ZERO, 0, 0), LuaStateLimits.defaults());

		@Bean
		NatsLuaScripts customScripts() {
			return this.scripts;
		}

	}

}
