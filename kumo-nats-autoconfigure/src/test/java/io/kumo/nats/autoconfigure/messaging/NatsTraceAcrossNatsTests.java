package io.kumo.nats.autoconfigure.messaging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.messaging.core.NatsTemplate;
import io.kumo.nats.messaging.listener.NatsListener;
import io.kumo.nats.test.NatsServerExtension;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A trace started around {@link NatsTemplate#send} goes on in the {@link NatsListener} that
 * receives the message, once both observation switches are on; with them off the listener
 * starts a trace of its own.
 */
class NatsTraceAcrossNatsTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension();

	private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder().setSampler(Sampler.alwaysOn()).build();

	private final io.opentelemetry.api.trace.Tracer otelTracer = this.tracerProvider.get("trace-across-nats");

	private final OtelCurrentTraceContext currentTraceContext = new OtelCurrentTraceContext();

	private final Tracer tracer = new OtelTracer(this.otelTracer, this.currentTraceContext, (event) -> {
	}, new OtelBaggageManager(this.currentTraceContext, List.of(), List.of()));

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, NatsTemplateAutoConfiguration.class,
				NatsListenerAutoConfiguration.class))
		.withUserConfiguration(TraceRecordingListener.class)
		.withBean(ObservationRegistry.class, this::tracingObservations)
		.withBean(Tracer.class, () -> this.tracer)
		.withPropertyValues("kumo.nats.connections.main.servers=" + nats.server().address());

	@Test
	void theListenerRunsInTheTraceOfTheSend() {
		this.contextRunner
			.withPropertyValues("kumo.nats.template.observation-enabled=true",
					"kumo.nats.listener.observation-enabled=true")
			.run((context) -> {
				String traceId = sendInNewSpan(context.getBean(NatsTemplate.class));
				String received = context.getBean(TraceRecordingListener.class).traceIds.poll(WAIT.toSeconds(),
						TimeUnit.SECONDS);
				assertThat(received).isEqualTo(traceId);
			});
	}

	@Test
	void withObservationOffTheTraceStopsAtTheSend() {
		this.contextRunner.run((context) -> {
			String traceId = sendInNewSpan(context.getBean(NatsTemplate.class));
			String received = context.getBean(TraceRecordingListener.class).traceIds.poll(WAIT.toSeconds(),
					TimeUnit.SECONDS);
			assertThat(received).isNotNull().isNotEqualTo(traceId);
		});
	}

	private String sendInNewSpan(NatsTemplate template) {
		Span span = this.tracer.nextSpan().name("checkout").start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
			template.send("orders.traced", "order 1");
			return span.context().traceId();
		}
		finally {
			span.end();
		}
	}

	private ObservationRegistry tracingObservations() {
		OtelPropagator propagator = new OtelPropagator(
				ContextPropagators.create(W3CTraceContextPropagator.getInstance()), this.otelTracer);
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(new PropagatingSenderTracingObservationHandler<>(this.tracer, propagator))
			.observationHandler(new PropagatingReceiverTracingObservationHandler<>(this.tracer, propagator));
		return registry;
	}

	@Configuration(proxyBeanMethods = false)
	static class TraceRecordingListener {

		final BlockingQueue<String> traceIds = new LinkedBlockingQueue<>();

		private final Tracer tracer;

		TraceRecordingListener(Tracer tracer) {
			this.tracer = tracer;
		}

		@NatsListener(subjects = "orders.traced")
		void received(String order) {
			Span span = this.tracer.currentSpan();
			this.traceIds.add((span != null) ? span.context().traceId() : "no span");
		}

	}

}
