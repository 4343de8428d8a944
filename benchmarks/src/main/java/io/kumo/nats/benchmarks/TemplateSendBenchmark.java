package io.kumo.nats.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.kumo.nats.messaging.core.NatsTemplate;
import io.nats.client.Connection;
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

import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code byte[]} sends: raw jnats {@code Connection.publish} against {@code NatsTemplate.send},
 * once with observation switched off ({@code templateUnobserved}: the template hands the bytes
 * straight to the connection) and once as an application with actuator metrics has it
 * ({@code templateObserved}: each send is a {@code nats.send} observation timed by Micrometer).
 * Each iteration ends with a flush, so what is measured reached the server.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TemplateSendBenchmark {

	private static final String SUBJECT = "bench.template";

	@Param({ "16", "1024" })
	int payloadSize;

	private byte[] payload;

	private Connection raw;

	private ConfigurableApplicationContext unobservedContext;

	private ConfigurableApplicationContext observedContext;

	private NatsTemplate unobserved;

	private NatsTemplate observed;

	@Setup
	public void connect() throws Exception {
		this.payload = new byte[this.payloadSize];
		this.raw = BenchmarkServer.rawConnection();
		this.unobservedContext = BenchmarkServer.application(
				"kumo.nats.connections.bench.servers=" + BenchmarkServer.url(),
				"kumo.nats.template.observation-enabled=false");
		this.observedContext = BenchmarkServer.application(
				"kumo.nats.connections.bench.servers=" + BenchmarkServer.url(),
				"kumo.nats.template.observation-enabled=true");
		this.unobserved = this.unobservedContext.getBean(NatsTemplate.class);
		this.observed = this.observedContext.getBean(NatsTemplate.class);
	}

	@TearDown(Level.Iteration)
	public void flush() throws Exception {
		this.raw.flush(Duration.ofSeconds(30));
		this.unobservedContext.getBean(Connection.class).flush(Duration.ofSeconds(30));
		this.observedContext.getBean(Connection.class).flush(Duration.ofSeconds(30));
	}

	@TearDown
	public void close() throws Exception {
		this.raw.close();
		this.unobservedContext.close();
		this.observedContext.close();
	}

	@Benchmark
	public void rawJnats() {
		this.raw.publish(SUBJECT, this.payload);
	}

	@Benchmark
	public void templateUnobserved() {
		this.unobserved.send(SUBJECT, this.payload);
	}

	@Benchmark
	public void templateObserved() {
		this.observed.send(SUBJECT, this.payload);
	}

}
