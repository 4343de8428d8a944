package io.kumo.nats.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.kumo.nats.lua.NatsLuaScript;
import io.nats.client.Connection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Core publish throughput: raw jnats against the same publish through the auto-configured bean
 * and through the Lua bridge's {@code publish_core}, called once per message from Java
 * ({@code lua}) and from a loop inside the script ({@code luaLoop}), which separates the cost of
 * entering the script from the cost of {@code publish_core} itself.
 * Each iteration ends with a flush, so what is measured reached the server.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CorePublishBenchmark {

	static final int PUBLISHES_PER_LOOP = 100;

	@Param({ "16", "1024" })
	int payloadSize;

	private byte[] payload;

	private Connection raw;

	private ConfigurableApplicationContext context;

	private Connection bean;

	private NatsLuaScript lua;

	private LuaFloor luajAlone;

	private LuaFloor minimalBridge;

	@Setup
	public void connect() throws Exception {
		this.payload = new byte[this.payloadSize];
		this.raw = BenchmarkServer.rawConnection();
		this.context = BenchmarkServer.application("kumo.nats.connections.bench.servers=" + BenchmarkServer.url());
		this.bean = this.context.getBean(Connection.class);
		this.lua = BenchmarkScripts.compile(this.context);
		this.luajAlone = LuaFloor.alone();
		this.minimalBridge = LuaFloor.minimalBridge(this.raw);
	}

	@TearDown(Level.Iteration)
	public void flush() throws Exception {
		this.raw.flush(Duration.ofSeconds(30));
		this.bean.flush(Duration.ofSeconds(30));
		this.lua.call("flush");
	}

	@TearDown
	public void close() throws Exception {
		this.raw.close();
		this.context.close();
	}

	@Benchmark
	public void rawJnats() {
		this.raw.publish("bench.core", this.payload);
	}

	@Benchmark
	public void springBean() {
		this.bean.publish("bench.core", this.payload);
	}

	@Benchmark
	public void lua() {
		this.lua.call("core", this.payload);
	}

	@Benchmark
	@OperationsPerInvocation(PUBLISHES_PER_LOOP)
	public void luaLoop() {
		this.lua.call("core_loop", this.payload);
	}

	@Benchmark
	public void luajAlone() {
		this.luajAlone.core(this.payload);
	}

	@Benchmark
	@OperationsPerInvocation(PUBLISHES_PER_LOOP)
	public void luajAloneLoop() {
		this.luajAlone.coreLoop(this.payload);
	}

	@Benchmark
	public void minimalBridge() {
		this.minimalBridge.core(this.payload);
	}

	@Benchmark
	@OperationsPerInvocation(PUBLISHES_PER_LOOP)
	public void minimalBridgeLoop() {
		this.minimalBridge.coreLoop(this.payload);
	}

}
