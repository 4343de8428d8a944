package io.kumo.nats.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.kumo.nats.lua.NatsLuaScript;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * A policy script called from {@value #THREADS} threads at once, as a request thread pool would,
 * against raw jnats from as many threads on one shared connection: core publishes, and JetStream
 * publishes that wait for their ack. The script's states share one connection too, so the
 * comparison shows what the pool of states and the Lua calls cost under contention.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(ConcurrentPublishBenchmark.THREADS)
public class ConcurrentPublishBenchmark {

	static final int THREADS = 16;

	@Param({ "core", "jetstream" })
	String publish;

	private final byte[] payload = new byte[128];

	private Connection raw;

	private JetStream jetStream;

	private ConfigurableApplicationContext context;

	private NatsLuaScript lua;

	@Setup
	public void connect() throws Exception {
		this.raw = BenchmarkServer.rawConnection();
		this.jetStream = this.raw.jetStream();
		this.context = BenchmarkServer.application();
		this.lua = BenchmarkScripts.compile(this.context);
	}

	@TearDown(Level.Iteration)
	public void flush() throws Exception {
		this.raw.flush(Duration.ofSeconds(30));
		this.lua.call("flush");
	}

	@TearDown
	public void close() throws Exception {
		this.raw.close();
		this.context.close();
	}

	@Benchmark
	public Object rawJnats() throws Exception {
		if (this.publish.equals("core")) {
			this.raw.publish("bench.core", this.payload);
			return null;
		}
		return this.jetStream.publish(BenchmarkServer.STREAM_SUBJECT, this.payload);
	}

	@Benchmark
	public Object lua() {
		return this.lua.call(this.publish, this.payload);
	}

}
