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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Sending a small record as JSON: the application's {@code JsonMapper.writeValueAsBytes} and a raw
 * jnats publish against {@code NatsTemplate.send} with observation off, which writes the same
 * JSON through the converter and adds a {@code Content-Type} header. Each iteration ends with a
 * flush, so what is measured reached the server.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TemplateJsonBenchmark {

	private static final String SUBJECT = "bench.template.json";

	private final Order order = new Order("A-1042", "kumo-nats", 3, 19.99);

	private Connection raw;

	private JsonMapper jsonMapper;

	private ConfigurableApplicationContext context;

	private NatsTemplate template;

	@Setup
	public void connect() throws Exception {
		this.raw = BenchmarkServer.rawConnection();
		this.context = BenchmarkServer.application("kumo.nats.connections.bench.servers=" + BenchmarkServer.url(),
				"kumo.nats.template.observation-enabled=false");
		this.jsonMapper = this.context.getBean(JsonMapper.class);
		this.template = this.context.getBean(NatsTemplate.class);
	}

	@TearDown(Level.Iteration)
	public void flush() throws Exception {
		this.raw.flush(Duration.ofSeconds(30));
		this.context.getBean(Connection.class).flush(Duration.ofSeconds(30));
	}

	@TearDown
	public void close() throws Exception {
		this.raw.close();
		this.context.close();
	}

	@Benchmark
	public void rawJnats() {
		this.raw.publish(SUBJECT, this.jsonMapper.writeValueAsBytes(this.order));
	}

	@Benchmark
	public void template() {
		this.template.send(SUBJECT, this.order);
	}

	/**
	 * A small order, about 70 bytes of JSON.
	 * @param id the order id
	 * @param product the product
	 * @param quantity how many
	 * @param price the unit price
	 */
	public record Order(String id, String product, int quantity, double price) {
	}

}
