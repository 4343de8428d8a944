package io.kumo.nats.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.kumo.nats.lua.NatsLuaScript;
import io.nats.client.Connection;
import io.nats.client.Message;
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
 * Request/reply latency against a responder on its own connection.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RequestReplyBenchmark {

	static final String SUBJECT = "bench.service";

	private final byte[] payload = new byte[64];

	private Connection responder;

	private Connection raw;

	private ConfigurableApplicationContext context;

	private NatsLuaScript lua;

	@Setup
	public void connect() throws Exception {
		this.responder = BenchmarkServer.rawConnection();
		this.responder.createDispatcher((message) -> this.responder.publish(message.getReplyTo(), message.getData()))
			.subscribe(SUBJECT);
		this.responder.flush(Duration.ofSeconds(5));
		this.raw = BenchmarkServer.rawConnection();
		this.context = BenchmarkServer.application();
		this.lua = BenchmarkScripts.compile(this.context);
	}

	@TearDown
	public void close() throws Exception {
		this.raw.close();
		this.context.close();
		this.responder.close();
	}

	@Benchmark
	public Message rawJnats() throws Exception {
		return this.raw.request(SUBJECT, this.payload, Duration.ofSeconds(5));
	}

	@Benchmark
	public Object lua() {
		return this.lua.call("request", this.payload);
	}

}
