package io.kumo.nats.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.kumo.nats.messaging.listener.NatsListener;
import io.nats.client.Connection;
import io.nats.client.Nats;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
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
 * Messages handled per second, end to end: one invocation publishes a batch and returns when the
 * receiver has handled all of it. The receiver is a raw jnats {@code Dispatcher} ({@code rawJnats})
 * or a {@code @NatsListener} method taking {@code byte[]}, without observation ({@code listener})
 * and with each delivery a {@code nats.receive} observation timed by the actuator's meter
 * registry ({@code observedListener}), each on its own connection; the publisher is the same
 * plain jnats connection for all.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ListenerThroughputBenchmark {

	static final int BATCH = 10_000;

	static final String RAW_SUBJECT = "bench.listen.raw";

	static final String LISTENER_SUBJECT = "bench.listen.bean";

	static final String OBSERVED_SUBJECT = "bench.listen.observed";

	private static final long TIMEOUT_NANOS = Duration.ofSeconds(60).toNanos();

	@Param({ "16", "1024" })
	int payloadSize;

	private byte[] payload;

	private Connection publisher;

	private Connection raw;

	private final AtomicLong rawHandled = new AtomicLong();

	private ConfigurableApplicationContext context;

	private ConfigurableApplicationContext observedContext;

	private CountingListener listener;

	private CountingListener observedListener;

	@Setup
	public void start() throws Exception {
		this.payload = new byte[this.payloadSize];
		this.publisher = Nats.connect(BenchmarkServer.url());
		this.raw = BenchmarkServer.rawConnection();
		this.raw.createDispatcher((message) -> {
			if (message.getData().length == this.payloadSize) {
				this.rawHandled.incrementAndGet();
			}
		}).subscribe(RAW_SUBJECT);
		this.raw.flush(Duration.ofSeconds(5));
		this.context = application(LISTENER_SUBJECT, "--kumo.nats.listener.observation-enabled=false");
		this.listener = this.context.getBean(CountingListener.class);
		this.listener.payloadSize = this.payloadSize;
		this.observedContext = application(OBSERVED_SUBJECT, "--kumo.nats.listener.observation-enabled=true");
		this.observedListener = this.observedContext.getBean(CountingListener.class);
		this.observedListener.payloadSize = this.payloadSize;
	}

	private static ConfigurableApplicationContext application(String subject, String observation) {
		return new SpringApplicationBuilder(BenchmarkServer.BenchmarkApplication.class, CountingListener.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run("--logging.level.root=WARN", "--kumo.nats.connections.bench.servers=" + BenchmarkServer.url(),
					"--bench.listener.subject=" + subject, observation);
	}

	@TearDown
	public void close() throws Exception {
		this.publisher.close();
		this.raw.close();
		this.context.close();
		this.observedContext.close();
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public long rawJnats() throws Exception {
		return publishAndAwait(RAW_SUBJECT, this.rawHandled);
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public long listener() throws Exception {
		return publishAndAwait(LISTENER_SUBJECT, this.listener.handled);
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public long observedListener() throws Exception {
		return publishAndAwait(OBSERVED_SUBJECT, this.observedListener.handled);
	}

	private long publishAndAwait(String subject, AtomicLong handled) {
		long target = handled.get() + BATCH;
		for (int i = 0; i < BATCH; i++) {
			this.publisher.publish(subject, this.payload);
		}
		long deadline = System.nanoTime() + TIMEOUT_NANOS;
		long count;
		while ((count = handled.get()) < target) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Only " + (BATCH - (target - count)) + " of " + BATCH
						+ " messages were handled within 60 s");
			}
			LockSupport.parkNanos(20_000);
		}
		return count;
	}

	/**
	 * The listener measured: counts the messages of the expected size, as the raw dispatcher does.
	 */
	@Configuration(proxyBeanMethods = false)
	static class CountingListener {

		final AtomicLong handled = new AtomicLong();

		volatile int payloadSize;

		@NatsListener(subjects = "${bench.listener.subject}")
		void receive(byte[] body) {
			if (body.length == this.payloadSize) {
				this.handled.incrementAndGet();
			}
		}

	}

}
