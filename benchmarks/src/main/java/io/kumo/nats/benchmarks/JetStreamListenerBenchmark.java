package io.kumo.nats.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.kumo.nats.messaging.listener.NatsListener;
import io.kumo.nats.messaging.listener.NatsListenerContainer;
import io.kumo.nats.messaging.listener.NatsListenerEndpointRegistry;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.MessageConsumer;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
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
 * JetStream messages of 1 KiB handled per second, each acknowledged: before each invocation the
 * stream is purged, a batch is published while nothing consumes it and both durable consumers are
 * made anew (a stopped consumer's pull requests would otherwise swallow messages until their ack
 * wait); the invocation starts consuming and returns when all of the batch was handled. The consumer is jnats's own {@code consume} loop
 * acknowledging each message ({@code rawJnats}) or a {@code @NatsListener} on the same kind of
 * durable pull consumer, without observation ({@code listener}); starting the listener's
 * container also looks up its stream and consumer, a few round trips per batch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JetStreamListenerBenchmark {

	static final int BATCH = 10_000;

	static final String STREAM = "BENCH_LISTEN";

	static final String RAW_SUBJECT = "bench.jsl.raw";

	static final String LISTENER_SUBJECT = "bench.jsl.listener";

	private static final long TIMEOUT_NANOS = Duration.ofSeconds(60).toNanos();

	private final byte[] payload = new byte[1024];

	private final AtomicLong rawHandled = new AtomicLong();

	private Connection publisher;

	private Connection raw;

	private ConsumerContext rawConsumer;

	private MessageConsumer running;

	private ConfigurableApplicationContext context;

	private CountingListener listener;

	private NatsListenerContainer container;

	@Setup
	public void start() throws Exception {
		this.publisher = BenchmarkServer.rawConnection();
		JetStreamManagement management = this.publisher.jetStreamManagement();
		management.addStream(StreamConfiguration.builder()
			.name(STREAM)
			.subjects("bench.jsl.>")
			.storageType(StorageType.Memory)
			.build());
		consumer(management, "raw", RAW_SUBJECT);
		consumer(management, "listener", LISTENER_SUBJECT);
		this.raw = BenchmarkServer.rawConnection();
		this.context = new SpringApplicationBuilder(BenchmarkServer.BenchmarkApplication.class, CountingListener.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run("--logging.level.root=WARN", "--kumo.nats.connections.bench.servers=" + BenchmarkServer.url(),
					"--kumo.nats.listener.observation-enabled=false");
		this.listener = this.context.getBean(CountingListener.class);
		this.container = this.context.getBean(NatsListenerEndpointRegistry.class).getListenerContainer("bench-js");
	}

	private static void consumer(JetStreamManagement management, String durable, String subject) throws Exception {
		management.addOrUpdateConsumer(STREAM, ConsumerConfiguration.builder()
			.durable(durable)
			.filterSubject(subject)
			.ackPolicy(AckPolicy.Explicit)
			.build());
	}

	@TearDown
	public void close() throws Exception {
		this.context.close();
		this.raw.close();
		this.publisher.jetStreamManagement().deleteStream(STREAM);
		this.publisher.close();
	}

	@Setup(Level.Invocation)
	public void publishBatch() throws Exception {
		JetStreamManagement management = this.publisher.jetStreamManagement();
		management.deleteConsumer(STREAM, "raw");
		management.deleteConsumer(STREAM, "listener");
		management.purgeStream(STREAM);
		JetStream jetStream = this.publisher.jetStream();
		List<CompletableFuture<PublishAck>> acks = new ArrayList<>(2 * BATCH);
		for (int i = 0; i < BATCH; i++) {
			acks.add(jetStream.publishAsync(RAW_SUBJECT, this.payload));
			acks.add(jetStream.publishAsync(LISTENER_SUBJECT, this.payload));
		}
		CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		consumer(management, "raw", RAW_SUBJECT);
		consumer(management, "listener", LISTENER_SUBJECT);
		this.rawConsumer = this.raw.getStreamContext(STREAM).getConsumerContext("raw");
	}

	@TearDown(Level.Invocation)
	public void stopConsuming() throws Exception {
		if (this.running != null) {
			this.running.stop();
			this.running.close();
			this.running = null;
		}
		this.container.stop();
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public long rawJnats() throws Exception {
		long target = this.rawHandled.get() + BATCH;
		this.running = this.rawConsumer.consume((message) -> {
			message.ack();
			if (message.getData().length == this.payload.length) {
				this.rawHandled.incrementAndGet();
			}
		});
		return await(this.rawHandled, target);
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public long listener() {
		long target = this.listener.handled.get() + BATCH;
		this.container.start();
		return await(this.listener.handled, target);
	}

	private static long await(AtomicLong handled, long target) {
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
	 * The listener measured, started by each invocation: counts the messages of the expected size,
	 * as the raw loop does, and is acknowledged by its container after each one.
	 */
	@Configuration(proxyBeanMethods = false)
	static class CountingListener {

		final AtomicLong handled = new AtomicLong();

		@NatsListener(id = "bench-js", stream = STREAM, durable = "listener", autoStartup = "false")
		void receive(byte[] body) {
			if (body.length == 1024) {
				this.handled.incrementAndGet();
			}
		}

	}

}
