package io.kumo.nats.autoconfigure.health;

import java.util.Locale;

import io.kumo.nats.autoconfigure.NatsAutoConfiguration;
import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.health.NatsHealthContributor;
import io.nats.client.Connection;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code nats} health contributor, which reports every connection in
 * the registry, configured or opened by a script; {@code management.health.nats.enabled=false}
 * turns it off.
 */
@AutoConfiguration(after = NatsAutoConfiguration.class)
@ConditionalOnClass({ Connection.class, NatsHealthContributor.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(NatsConnectionRegistry.class)
@ConditionalOnEnabledHealthIndicator("nats")
@EnableConfigurationProperties(NatsHealthProperties.class)
public final class NatsHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = { "natsHealthIndicator", "natsHealthContributor" })
	NatsHealthContributor natsHealthContributor(NatsConnectionRegistry registry, NatsHealthProperties properties) {
		NatsHealthContributor contributor = new NatsHealthContributor(status(properties.getReconnectingStatus()),
				status(properties.getDroppingStatus()), properties.getRoundTripTimeout());
		registry.addListener(contributor);
		return contributor;
	}

	private static Status status(String code) {
		return new Status(code.trim().toUpperCase(Locale.ROOT));
	}

}
