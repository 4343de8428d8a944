package io.kumo.nats.benchmarks;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.kumo.nats.messaging.listener.NatsListener;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Requests answered per second by an echo responder of concurrency 1, 16 B payloads: a Lua
 * handler ({@code kumo.nats.lua.handlers}, {@code luaHandler}) against the equivalent
 * {@code @NatsListener} method returning its {@code byte[]} body ({@code javaListener}), both
 * without observation, in one application on one connection. One invocation sends
 * {@value #IN_FLIGHT} requests at once from a plain jnats connection and waits for every reply;
 * the application's connection is flushed first, so the server has both subscriptions before
 * the first request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LuaHandlerBenchmark {

	static final int IN_FLIGHT = 100;

	static final String LUA_SUBJECT = "bench.handler.lua";

	static final String JAVA_SUBJECT = "bench.handler.java";

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final byte[] payload = new byte[16];

	private Connection requester;

	private ConfigurableApplicationContext context;

	@Setup
	public void start() throws Exception {
		this.requester = Nats.connect(BenchmarkServer.url());
		this.context = new SpringApplicationBuilder(BenchmarkServer.BenchmarkApplication.class, EchoListener.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run("--logging.level.root=WARN", "--kumo.nats.connections.bench.servers=" + BenchmarkServer.url(),
					"--kumo.nats.listener.observation-enabled=false",
					"--kumo.nats.lua.handlers.echo.script=classpath:bench/echo-handler.lua",
					"--kumo.nats.lua.handlers.echo.subject=" + LUA_SUBJECT);
		this.context.getBean(Connection.class).flush(TIMEOUT);
		for (String subject : new String[] { LUA_SUBJECT, JAVA_SUBJECT }) {
			requestAll(subject);
		}
	}

	@TearDown
	public void close() throws InterruptedException {
		this.requester.close();
		this.context.close();
	}

	@Benchmark
	@OperationsPerInvocation(IN_FLIGHT)
	public int luaHandler() throws Exception {
		return requestAll(LUA_SUBJECT);
	}

	@Benchmark
	@OperationsPerInvocation(IN_FLIGHT)
	public int javaListener() throws Exception {
		return requestAll(JAVA_SUBJECT);
	}

	private int requestAll(String subject) throws Exception {
		@SuppressWarnings("unchecked")
		CompletableFuture<Message>[] replies = new CompletableFuture[IN_FLIGHT];
		for (int i = 0; i < IN_FLIGHT; i++) {
			replies[i] = this.requester.requestWithTimeout(subject, this.payload, TIMEOUT);
		}
		int bytes = 0;
		for (CompletableFuture<Message> reply : replies) {
			Message message = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			if (message.getData().length != this.payload.length) {
				throw new IllegalStateException("Reply of " + message.getData().length + " bytes on " + subject);
			}
			bytes += message.getData().length;
		}
		return bytes;
	}

	/**
	 * The Java responder measured against the Lua handler.
	 */
	@Configuration(proxyBeanMethods = false)
	static class EchoListener {

		@NatsListener(subjects = "bench.handler.java")
		byte[] echo(byte[] body) {
			return body;
		}

	}

}
