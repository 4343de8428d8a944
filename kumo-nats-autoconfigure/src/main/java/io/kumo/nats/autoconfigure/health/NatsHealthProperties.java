package io.kumo.nats.autoconfigure.health;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the {@code nats} health contributor, apart from
 * {@code kumo.nats} so that the connection properties stay strict.
 */
@ConfigurationProperties("management.health.nats")
public class NatsHealthProperties {

	/**
	 * Health status of a connection that is disconnected, connecting or reconnecting, such as
	 * DOWN, OUT_OF_SERVICE or UP. A closed connection is always DOWN.
	 */
	private String reconnectingStatus = "DOWN";

	/**
	 * Health status of a connected connection that dropped messages within the last minute,
	 * because a subscription could not keep up (a slow consumer), such as OUT_OF_SERVICE, DOWN or
	 * UP.
	 */
	private String droppingStatus = "OUT_OF_SERVICE";

	/**
	 * How long a health check waits for the server to answer a ping before it reports the round
	 * trip as missing.
	 */
	private Duration roundTripTimeout = Duration.ofMillis(250);

	private final Consumers consumers = new Consumers();

	public String getReconnectingStatus() {
		return this.reconnectingStatus;
	}

	public void setReconnectingStatus(String reconnectingStatus) {
		this.reconnectingStatus = reconnectingStatus;
	}

	public String getDroppingStatus() {
		return this.droppingStatus;
	}

	public void setDroppingStatus(String droppingStatus) {
		this.droppingStatus = droppingStatus;
	}

	public Consumers getConsumers() {
		return this.consumers;
	}

	public Duration getRoundTripTimeout() {
		return this.roundTripTimeout;
	}

	public void setRoundTripTimeout(Duration roundTripTimeout) {
		this.roundTripTimeout = roundTripTimeout;
	}

	/**
	 * The {@code natsConsumers} health contributor, one entry per JetStream listener.
	 */
	public static class Consumers {

		/**
		 * Whether the health of JetStream listeners' consumers is reported.
		 */
		private boolean enabled = true;

		/**
		 * How long a running JetStream listener whose consumer has pending messages may go
		 * without a delivery before it counts as stalled.
		 */
		private Duration stalledAfter = Duration.ofMinutes(1);

		/**
		 * Health status of a stalled JetStream listener, such as OUT_OF_SERVICE, DOWN or UP.
		 */
		private String stalledStatus = "OUT_OF_SERVICE";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getStalledAfter() {
			return this.stalledAfter;
		}

		public void setStalledAfter(Duration stalledAfter) {
			this.stalledAfter = stalledAfter;
		}

		public String getStalledStatus() {
			return this.stalledStatus;
		}

		public void setStalledStatus(String stalledStatus) {
			this.stalledStatus = stalledStatus;
		}

	}

}
