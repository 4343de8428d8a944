package io.kumo.nats.benchmarks;

import java.util.concurrent.TimeUnit;

import io.kumo.nats.lua.NatsLuaScript;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.api.PublishAck;
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
 * JetStream publish with acknowledgement, one at a time: latency percentiles and throughput.
 */
@State(Scope.Benchmark)
@BenchmarkMode({ Mode.SampleTime, Mode.Throughput })
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JetStreamPublishBenchmark {

	private final byte[] payload = new byte[128];

	private Connection raw;

	private ConfigurableApplicationContext context;

	private NatsLuaScript lua;

	private JetStream jetStream;

	@Setup
	public void connect() throws Exception {
		this.raw = BenchmarkServer.rawConnection();
		this.context = BenchmarkServer.application();
		this.lua = BenchmarkScripts.compile(this.context);
		this.jetStream = this.raw.jetStream();
	}

	@TearDown
	public void close() throws Exception {
		this.raw.close();
		this.context.close();
	}

	@Benchmark
	public PublishAck rawJnats() throws Exception {
		return this.jetStream.publish(BenchmarkServer.STREAM_SUBJECT, this.payload);
	}

	@Benchmark
	public Object lua() {
		return this.lua.call("jetstream", this.payload);
	}

}
