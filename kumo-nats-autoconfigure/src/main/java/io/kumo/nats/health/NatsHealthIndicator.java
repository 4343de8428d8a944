package io.kumo.nats.health;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

import io.kumo.nats.connection.RegisteredNatsConnection;
import io.kumo.nats.settings.RedactedUrls;
import io.nats.client.Connection;
import io.nats.client.api.ServerInfo;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of one NATS connection: {@code UP} when connected, {@code DOWN} when closed, and a
 * chosen status while jnats is disconnected or reconnecting. It reads only jnats's instant
 * getters and bounds its one network call, the round trip, so it answers quickly when the
 * server is gone.
 */
public final class NatsHealthIndicator extends AbstractHealthIndicator {

	private final RegisteredNatsConnection connection;

	private final Status reconnectingStatus;

	private final Duration roundTripTimeout;

	private final RoundTripProbe roundTrip;

	/**
	 * Creates an indicator for one connection.
	 * @param connection the connection
	 * @param reconnectingStatus the status while disconnected, connecting or reconnecting
	 * @param roundTripTimeout how long to wait for the server's answer to a ping
	 * @param executor runs round-trip measurements, which may block up to the connection timeout
	 */
	public NatsHealthIndicator(RegisteredNatsConnection connection, Status reconnectingStatus,
			Duration roundTripTimeout, Executor executor) {
		super("NATS health check failed");
		this.connection = connection;
		this.reconnectingStatus = reconnectingStatus;
		this.roundTripTimeout = roundTripTimeout;
		this.roundTrip = new RoundTripProbe(connection.connection(), executor);
	}

	boolean watches(RegisteredNatsConnection connection) {
		return this.connection == connection;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Connection nats = this.connection.connection();
		Connection.Status status = nats.getStatus();
		builder.status(status(status))
			.withDetail("status", status.name())
			.withDetail("origin", this.connection.origin().tagValue())
			.withDetail("reconnects", nats.getStatistics().getReconnects());
		String url = nats.getConnectedUrl();
		if (url != null) {
			builder.withDetail("url", RedactedUrls.redact(url));
		}
		server(builder, nats.getServerInfo());
		String lastError = this.connection.events().lastError();
		if (lastError != null) {
			builder.withDetail("lastError", lastError);
		}
		if (status == Connection.Status.CONNECTED) {
			roundTrip(builder);
		}
	}

	private Status status(Connection.Status status) {
		return switch (status) {
			case CONNECTED -> Status.UP;
			case CLOSED -> Status.DOWN;
			case DISCONNECTED, RECONNECTING, CONNECTING -> this.reconnectingStatus;
		};
	}

	private static void server(Health.Builder builder, ServerInfo info) {
		if (info == null || info.getServerId() == null) {
			return;
		}
		builder.withDetail("serverId", info.getServerId());
		if (info.getServerName() != null) {
			builder.withDetail("serverName", info.getServerName());
		}
		if (info.getVersion() != null) {
			builder.withDetail("version", info.getVersion());
		}
		if (info.getCluster() != null) {
			builder.withDetail("cluster", info.getCluster());
		}
		builder.withDetail("jetStream", info.isJetStreamAvailable());
	}

	private void roundTrip(Health.Builder builder) {
		try {
			builder.withDetail("roundTripMillis", this.roundTrip.measure(this.roundTripTimeout).toNanos() / 1e6);
		}
		catch (TimeoutException ex) {
			builder.withDetail("roundTripError", "no reply within " + this.roundTripTimeout.toMillis() + " ms");
		}
		catch (IOException ex) {
			builder.withDetail("roundTripError", "failed with " + ex.getClass().getSimpleName());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			builder.withDetail("roundTripError", "interrupted");
		}
	}

}
