package io.kumo.nats.lua;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.kumo.nats.connection.IdleNatsConnections;
import io.kumo.nats.connection.NatsConnectionFactory;
import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.connection.SharedNatsConnections;
import org.jspecify.annotations.Nullable;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.compiler.LuaC;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Runs Lua scripts that use KumoMTA's {@code kumo.nats} API, each in its own sandboxed state.
 * Connections they open go through the application's connection factory and registry, so they
 * show up in health and metrics and are closed when the application stops.
 */
public final class NatsLuaScripts implements AutoCloseable {

	private static final Duration TIMER_KEEP_ALIVE = Duration.ofSeconds(1);

	private final NatsConnectionRegistry registry;

	private final LuaSandbox sandbox;

	private final LuaConnectConfig connectConfig;

	private final IdleNatsConnections idleConnections;

	private final SharedNatsConnections sharedConnections;

	private final LuaStateLimits stateLimits;

	private final IdleStateSweeper sweeper;

	private final TimeLimitWatchdog watchdog;

	private final AtomicLong connectionSequence = new AtomicLong();

	/**
	 * Creates the scripts runner.
	 * @param connectionFactory the application's connection factory
	 * @param registry the application's connection registry
	 * @param sandbox what scripts may do
	 * @param idleConnections where connections a script closes wait for its next connect with
	 * equal settings
	 * @param stateLimits how many states each compiled script keeps for calls, and for how long
	 */
	public NatsLuaScripts(NatsConnectionFactory connectionFactory, NatsConnectionRegistry registry,
			LuaSandbox sandbox, IdleNatsConnections idleConnections, LuaStateLimits stateLimits) {
		this.registry = registry;
		this.sandbox = sandbox;
		this.idleConnections = idleConnections;
		this.sharedConnections = new SharedNatsConnections(connectionFactory, idleConnections);
		this.stateLimits = stateLimits;
		ScheduledThreadPoolExecutor timer = timer();
		this.sweeper = new IdleStateSweeper(stateLimits.idleTimeout(), timer);
		this.watchdog = new TimeLimitWatchdog(sandbox.timeout(), timer);
		this.connectConfig = new LuaConnectConfig(sandbox.secretsDirectory());
	}

	/**
	 * Compiles a script from source text.
	 * @param name the chunk name that error messages show, such as {@code policy.lua}
	 * @param source the Lua source
	 * @return the compiled script
	 * @throws NatsLuaScriptException on a syntax error
	 */
	public NatsLuaScript compile(String name, String source) {
		return compile(name, new ByteArrayInputStream(source.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * Compiles a script file.
	 * @param file the file
	 * @return the compiled script, named after the file
	 * @throws NatsLuaScriptException on a syntax error
	 * @throws UncheckedIOException when the file cannot be read
	 */
	public NatsLuaScript compile(Path file) {
		try (InputStream source = Files.newInputStream(file)) {
			return compile(file.getFileName().toString(), source);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read Lua script " + file, ex);
		}
	}

	/**
	 * Compiles a script from the class path.
	 * @param location the resource, such as {@code scripts/policy.lua}
	 * @return the compiled script, named after the resource
	 * @throws NatsLuaScriptException on a syntax error
	 * @throws UncheckedIOException when the resource does not exist or cannot be read
	 */
	public NatsLuaScript compileResource(String location) {
		String resource = location.startsWith("/") ? location.substring(1) : location;
		ClassLoader classLoader = NatsLuaScripts.class.getClassLoader();
		try (InputStream source = classLoader.getResourceAsStream(resource)) {
			if (source == null) {
				throw new IOException("no such class path resource");
			}
			return compile(resource, source);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read Lua script " + location + " from the class path", ex);
		}
	}

	/**
	 * Compiles and runs a script in a fresh state, closing the connections it left open.
	 * @param source the Lua source
	 * @return the script's first return value as plain Java, or {@code null}
	 * @throws NatsLuaScriptException when the script fails
	 */
	public @Nullable Object run(String source) {
		return compile("script", source).run();
	}

	/**
	 * Compiles a script from a stream of source bytes, such as a resource of the application.
	 * @param name the chunk name that error messages show
	 * @param source the Lua source, read but not closed
	 * @return the compiled script
	 * @throws NatsLuaScriptException on a syntax error
	 * @throws UncheckedIOException when the source cannot be read
	 */
	public NatsLuaScript compile(String name, InputStream source) {
		try {
			Prototype chunk = LuaC.instance.compile(source, name);
			return new NatsLuaScript(name, chunk, this::newState, this.stateLimits, this.sweeper);
		}
		catch (LuaError ex) {
			throw new NatsLuaScriptException(name, String.valueOf(ex.getMessage()), ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read Lua script " + name, ex);
		}
	}

	/**
	 * Releases the states of compiled scripts with their clients, and closes the connections
	 * scripts closed that still wait for reuse.
	 */
	@Override
	public void close() {
		this.sweeper.close();
		this.idleConnections.close();
	}

	/**
	 * The threads that release idle states and keep time limits: two, so that a sweep closing
	 * connections never delays a time limit, and none while nothing is scheduled.
	 */
	private static ScheduledThreadPoolExecutor timer() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("kumo-nats-lua-");
		threads.setDaemon(true);
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(2, threads);
		timer.setKeepAliveTime(TIMER_KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
		timer.allowCoreThreadTimeOut(true);
		timer.setRemoveOnCancelPolicy(true);
		return timer;
	}

	private ScriptState newState() {
		return new ScriptState(this.sandbox, new ScriptConnections(this.sharedConnections, this.registry,
				this.connectConfig, this.connectionSequence), this.watchdog);
	}

}
