package io.kumo.nats.benchmarks;

import java.util.concurrent.TimeUnit;

import io.kumo.nats.lua.NatsLuaScript;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * KumoMTA's own examples connect, publish and close for every message; this compares that
 * pattern with a script that keeps one client, both publishing to JetStream.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ConnectPerMessageBenchmark {

	private final byte[] payload = new byte[128];

	private ConfigurableApplicationContext context;

	private NatsLuaScript lua;

	@Setup
	public void compile() {
		this.context = BenchmarkServer.application();
		this.lua = BenchmarkScripts.compile(this.context);
	}

	@TearDown
	public void close() {
		this.context.close();
	}

	@Benchmark
	public Object keptClient() {
		return this.lua.call("jetstream", this.payload);
	}

	@Benchmark
	public Object connectPerMessage() {
		return this.lua.call("connect_each", this.payload);
	}

}
