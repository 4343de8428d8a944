package io.kumo.nats.autoconfigure.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.messaging.listener.NatsListener;
import io.kumo.nats.test.NatsServerExtension;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each delivery to a listener is a {@code nats.receive} observation tagged with the connection,
 * the declared pattern and the listener id, and continues the trace carried in the W3C
 * {@code traceparent} header.
 */
class NatsListenerObservationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

	private static final String PARENT_SPAN_ID = "b7ad6b7169203331";

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, NatsListenerAutoConfiguration.class))
		.withPropertyValues("kumo.nats.connections.main.servers=" + nats.server().address(),
				"kumo.nats.listener.observation-enabled=true");

	@Test
	void deliveriesAreObservedWithTheirTags() {
		TestObservationRegistry observations = TestObservationRegistry.create();
		this.contextRunner.withUserConfiguration(ObservedListeners.class)
			.withBean(ObservationRegistry.class, () -> observations)
			.run((context) -> {
				try (Connection publisher = publisher()) {
					publisher.publish("observed.one", "fine".getBytes(StandardCharsets.UTF_8));
					publisher.publish("failing.one", "boom".getBytes(StandardCharsets.UTF_8));
					publisher.flush(WAIT);
				}
				await().atMost(WAIT).untilAsserted(() -> TestObservationRegistryAssert.assertThat(observations)
					.hasNumberOfObservationsWithNameEqualTo("nats.receive", 2)
					.hasAnObservation((observation) -> observation.hasNameEqualTo("nats.receive")
						.hasContextualNameEqualTo("observed.* receive")
						.hasLowCardinalityKeyValue("messaging.system", "nats")
						.hasLowCardinalityKeyValue("nats.connection", "main")
						.hasLowCardinalityKeyValue("messaging.destination.name", "observed.*")
						.hasLowCardinalityKeyValue("nats.listener.id", "observed")
						.hasLowCardinalityKeyValue("outcome", "success")
						.doesNotHaveError())
					.hasAnObservation((observation) -> observation.hasNameEqualTo("nats.receive")
						.hasLowCardinalityKeyValue("messaging.destination.name", "failing.>")
						.hasLowCardinalityKeyValue("nats.listener.id", "failing")
						.hasLowCardinalityKeyValue("outcome", "failure")
						.assertThatError()
						.isInstanceOf(IllegalArgumentException.class)));
			});
	}

	@Test
	void noObservationWhenObservationIsDisabled() {
		TestObservationRegistry observations = TestObservationRegistry.create();
		this.contextRunner.withUserConfiguration(ObservedListeners.class)
			.withBean(ObservationRegistry.class, () -> observations)
			.withPropertyValues("kumo.nats.listener.observation-enabled=false")
			.run((context) -> {
				ObservedListeners listeners = context.getBean(ObservedListeners.class);
				try (Connection publisher = publisher()) {
					publisher.publish("observed.one", "fine".getBytes(StandardCharsets.UTF_8));
					assertThat(listeners.received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("fine");
				}
				TestObservationRegistryAssert.assertThat(observations).doesNotHaveAnyObservation();
			});
	}

	@Test
	void theListenerRunsInsideTheTraceOfTheTraceparentHeader() {
		ContextPropagators propagators = ContextPropagators.create(W3CTraceContextPropagator.getInstance());
		io.opentelemetry.api.trace.Tracer otelTracer = SdkTracerProvider.builder().build().get("test");
		OtelCurrentTraceContext current = new OtelCurrentTraceContext();
		Tracer tracer = new OtelTracer(otelTracer, current, (event) -> {
		}, new OtelBaggageManager(current, List.of(), List.of()));
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig()
			.observationHandler(new PropagatingReceiverTracingObservationHandler<>(tracer,
					new OtelPropagator(propagators, otelTracer)));
		this.contextRunner.withUserConfiguration(TracedListener.class)
			.withBean(ObservationRegistry.class, () -> observations)
			.withBean(Tracer.class, () -> tracer)
			.run((context) -> {
				TracedListener listener = context.getBean(TracedListener.class);
				try (Connection publisher = publisher()) {
					Headers headers = new Headers().add("traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01");
					publisher.publish("traced.in", headers, "hello".getBytes(StandardCharsets.UTF_8));
					publisher.publish("traced.in", "untraced".getBytes(StandardCharsets.UTF_8));
					String traced = listener.spans.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
					String untraced = listener.spans.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
					assertThat(traced).startsWith(TRACE_ID + " ").doesNotEndWith(" " + PARENT_SPAN_ID);
					assertThat(untraced).isNotEqualTo("no span").doesNotStartWith(TRACE_ID);
				}
			});
	}

	private static Connection publisher() throws Exception {
		return Nats.connect(nats.server().url());
	}

	@Configuration(proxyBeanMethods = false)
	static class ObservedListeners {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@NatsListener(id = "observed", subjects = "observed.*")
		void observed(String text) {
			this.received.add(text);
		}

		@NatsListener(id = "failing", subjects = "failing.>")
		void failing(String text) {
			throw new IllegalArgumentException(text);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TracedListener {

		final BlockingQueue<String> spans = new LinkedBlockingQueue<>();

		private final Tracer tracer;

		TracedListener(Tracer tracer) {
			this.tracer = tracer;
		}

		@NatsListener(subjects = "traced.in")
		void traced(String text) {
			Span span = this.tracer.currentSpan();
			this.spans.add((span != null) ? span.context().traceId() + " " + span.context().spanId() : "no span");
		}

	}

}
