package io.kumo.nats.messaging.listener;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backoff of a JetStream listener gives each delivery count its delay, the last one repeated.
 */
class JetStreamEndpointTests {

	@Test
	void eachFailedDeliveryWaitsForItsDelayAndLaterOnesForTheLast() {
		JetStreamEndpoint endpoint = new JetStreamEndpoint("ORDERS", "billing", 0,
				List.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30)), null);
		assertThat(endpoint.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
		assertThat(endpoint.delayAfter(2)).isEqualTo(Duration.ofSeconds(5));
		assertThat(endpoint.delayAfter(3)).isEqualTo(Duration.ofSeconds(30));
		assertThat(endpoint.delayAfter(40)).isEqualTo(Duration.ofSeconds(30));
		assertThat(endpoint.ordered()).isFalse();
	}

	@Test
	void withoutBackoffAFailedMessageIsRedeliveredAtOnce() {
		JetStreamEndpoint endpoint = new JetStreamEndpoint("ORDERS", null, 0, List.of(), null);
		assertThat(endpoint.delayAfter(1)).isZero();
		assertThat(endpoint.delayAfter(7)).isZero();
		assertThat(endpoint.ordered()).isTrue();
	}

}
