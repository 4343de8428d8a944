package io.kumo.nats.autoconfigure.health;

import java.time.Duration;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.health.NatsHealthContributor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class NatsHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(NatsAutoConfiguration.class, NatsHealthContributorAutoConfiguration.class));

	@Test
	void contributesNatsHealthNamedAfterNats() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(NatsHealthContributor.class)
			.hasBean("natsHealthContributor"));
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withPropertyValues("management.health.nats.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(NatsHealthContributor.class));
	}

	@Test
	void backsOffWhenAllHealthIndicatorsAreOffByDefault() {
		this.contextRunner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(NatsHealthContributor.class));
	}

	@Test
	void backsOffWithoutTheConnectionRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(NatsHealthContributorAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(NatsHealthContributor.class));
	}

	@Test
	void backsOffWithoutSpringBootHealth() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ConditionalOnEnabledHealthIndicator.class))
			.run((context) -> assertThat(context).doesNotHaveBean(NatsHealthContributor.class));
	}

	@Test
	void backsOffForAUserDefinedNatsHealthContributor() {
		this.contextRunner.withUserConfiguration(CustomContributor.class)
			.run((context) -> assertThat(context).hasSingleBean(HealthContributor.class)
				.getBean("natsHealthContributor")
				.isSameAs(context.getBean(CustomContributor.class).contributor));
	}

	@Test
	void bindsHealthProperties() {
		this.contextRunner
			.withPropertyValues("management.health.nats.reconnecting-status=out_of_service",
					"management.health.nats.dropping-status=down", "management.health.nats.round-trip-timeout=100ms")
			.run((context) -> {
				NatsHealthProperties properties = context.getBean(NatsHealthProperties.class);
				assertThat(properties.getReconnectingStatus()).isEqualTo("out_of_service");
				assertThat(properties.getDroppingStatus()).isEqualTo("down");
				assertThat(properties.getRoundTripTimeout()).isEqualTo(Duration.ofMillis(100));
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomContributor {

		final NatsHealthContributor contributor = new NatsHealthContributor(Status.DOWN, Status.OUT_OF_SERVICE,
				Duration.ofMillis(10));

		@Bean
		NatsHealthContributor natsHealthContributor() {
			return this.contributor;
		}

	}

}
