package io.kumo.nats.autoconfigure.metrics;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.metrics.NatsMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class NatsMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				NatsAutoConfiguration.class, NatsMetricsAutoConfiguration.class));

	@Test
	void bindsNatsMetricsWhenAMeterRegistryExists() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(NatsMetrics.class)
			.hasSingleBean(MeterRegistry.class));
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, NatsMetricsAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(NatsMetrics.class));
	}

	@Test
	void backsOffWithoutTheConnectionRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					NatsMetricsAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(NatsMetrics.class));
	}

	@Test
	void backsOffForAUserDefinedNatsMetrics() {
		this.contextRunner
			.withBean("customNatsMetrics", NatsMetrics.class, () -> new NatsMetrics(new NatsConnectionRegistry()))
			.run((context) -> assertThat(context).hasSingleBean(NatsMetrics.class).hasBean("customNatsMetrics"));
	}

}
