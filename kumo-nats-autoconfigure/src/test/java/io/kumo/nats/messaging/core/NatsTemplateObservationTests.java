package io.kumo.nats.messaging.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.autoconfigure.messaging.NatsTemplateAutoConfiguration;
import io.kumo.nats.connection.NatsNoRespondersException;
import io.kumo.nats.messaging.observation.NatsSendContext;
import io.kumo.nats.messaging.observation.NatsSendObservationConvention;
import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.NatsServerExtension;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.api.StreamConfiguration;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Each send, request and JetStream publish of a template is a {@code nats.send} observation
 * with its tags, and the trace context of the current span leaves in the W3C {@code traceparent}
 * header; switched off, nothing is observed and nothing is added.
 */
class NatsTemplateObservationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension(NatsServer.builder().jetStream());

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, JacksonAutoConfiguration.class,
				NatsTemplateAutoConfiguration.class))
		.withPropertyValues("kumo.nats.connections.main.servers=" + nats.server().address(),
				"kumo.nats.template.observation-enabled=true");

	@Test
	void sendsAreObservedWithTheirTags() {
		TestObservationRegistry observations = TestObservationRegistry.create();
		this.contextRunner.withBean(ObservationRegistry.class, () -> observations).run((context) -> {
			context.getBean(NatsTemplate.class).send("observed.send", new byte[] { 1 });
			TestObservationRegistryAssert.assertThat(observations)
				.hasObservationWithNameEqualTo("nats.send")
				.that()
				.hasContextualNameEqualTo("observed.send send")
				.hasLowCardinalityKeyValue("messaging.system", "nats")
				.hasLowCardinalityKeyValue("nats.connection", "main")
				.hasLowCardinalityKeyValue("messaging.destination.name", "observed.send")
				.hasLowCardinalityKeyValue("outcome", "success")
				.hasBeenStarted()
				.hasBeenStopped();
		});
	}

	@Test
	void failedRequestsAreObservedAsFailures() {
		TestObservationRegistry observations = TestObservationRegistry.create();
		this.contextRunner.withBean(ObservationRegistry.class, () -> observations).run((context) -> {
			NatsTemplate template = context.getBean(NatsTemplate.class);
			assertThatExceptionOfType(NatsNoRespondersException.class)
				.isThrownBy(() -> template.request("nobody.home", "hi", String.class));
			CompletableFuture<String> async = template.requestAsync("nobody.async", "hi", String.class);
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> async.get(WAIT.toSeconds(), TimeUnit.SECONDS));
			TestObservationRegistryAssert.assertThat(observations)
				.hasNumberOfObservationsWithNameEqualTo("nats.send", 2)
				.forAllObservationsWithNameEqualTo("nats.send",
						(observation) -> {
							observation.hasLowCardinalityKeyValue("outcome", "failure");
							observation.hasError();
						});
		});
	}

	@Test
	void jetStreamPublishesAreObserved() {
		TestObservationRegistry observations = TestObservationRegistry.create();
		this.contextRunner.withBean(ObservationRegistry.class, () -> observations).run((context) -> {
			JetStreamManagement management = context.getBean(JetStreamManagement.class);
			management.addStream(StreamConfiguration.builder().name("OBSERVED").subjects("observed.js").build());
			try {
				context.getBean(NatsTemplate.class).publish("observed.js", new byte[] { 1 });
				TestObservationRegistryAssert.assertThat(observations)
					.hasObservationWithNameEqualTo("nats.send")
					.that()
					.hasLowCardinalityKeyValue("messaging.destination.name", "observed.js")
					.hasLowCardinalityKeyValue("outcome", "success");
			}
			finally {
				management.deleteStream("OBSERVED");
			}
		});
	}

	@Test
	void conventionBeanReplacesTheDefault() {
		TestObservationRegistry observations = TestObservationRegistry.create();
		this.contextRunner.withBean(ObservationRegistry.class, () -> observations)
			.withBean(NatsSendObservationConvention.class, () -> new NatsSendObservationConvention() {

				@Override
				public KeyValues getLowCardinalityKeyValues(NatsSendContext context) {
					return KeyValues.of("team", "billing");
				}

			})
			.run((context) -> {
				context.getBean(NatsTemplate.class).send("custom.convention", "hi");
				TestObservationRegistryAssert.assertThat(observations)
					.hasObservationWithNameEqualTo("nats.send")
					.that()
					.hasLowCardinalityKeyValue("team", "billing");
			});
	}

	@Test
	void disabledObservationRecordsNothingAndAddsNoHeaders() {
		TestObservationRegistry observations = TestObservationRegistry.create();
		this.contextRunner.withBean(ObservationRegistry.class, () -> observations)
			.withPropertyValues("kumo.nats.template.observation-enabled=false")
			.run((context) -> {
				Subscription raw = subscribe(context.getBean(Connection.class), "unobserved");
				context.getBean(NatsTemplate.class).send("unobserved", new byte[] { 1 });
				assertThat(raw.nextMessage(WAIT).hasHeaders()).isFalse();
				TestObservationRegistryAssert.assertThat(observations).doesNotHaveAnyObservation();
			});
	}

	@Test
	void traceContextOfTheCurrentSpanTravelsInTraceparent() {
		SdkTracerProvider tracerProvider = SdkTracerProvider.builder().setSampler(Sampler.alwaysOn()).build();
		OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
			.setTracerProvider(tracerProvider)
			.setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
			.build();
		io.opentelemetry.api.trace.Tracer otelTracer = openTelemetry.getTracer("nats-template-tests");
		Tracer tracer = new OtelTracer(otelTracer, new OtelCurrentTraceContext(), (event) -> {
		});
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig()
			.observationHandler(new PropagatingSenderTracingObservationHandler<>(tracer,
					new OtelPropagator(openTelemetry.getPropagators(), otelTracer)));
		try {
			this.contextRunner.withBean(ObservationRegistry.class, () -> observations).run((context) -> {
				Subscription raw = subscribe(context.getBean(Connection.class), "traced");
				Span parent = tracer.nextSpan().name("around-send").start();
				try (Tracer.SpanInScope scope = tracer.withSpan(parent)) {
					context.getBean(NatsTemplate.class).send("traced", new byte[] { 1 });
				}
				finally {
					parent.end();
				}
				Message message = raw.nextMessage(WAIT);
				String traceparent = message.getHeaders().getFirst("traceparent");
				assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
				String[] parts = traceparent.split("-");
				assertThat(parts[1]).isEqualTo(parent.context().traceId());
				assertThat(parts[2]).isNotEqualTo(parent.context().spanId());
			});
		}
		finally {
			openTelemetry.close();
		}
	}

	private static Subscription subscribe(Connection connection, String subject) throws Exception {
		Subscription subscription = connection.subscribe(subject);
		connection.flush(WAIT);
		return subscription;
	}

}
