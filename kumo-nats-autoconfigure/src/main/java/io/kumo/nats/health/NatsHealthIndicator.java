package io.kumo.nats.health;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

import io.kumo.nats.connection.NatsConnectionEvents;
import io.kumo.nats.connection.NatsLameDuckNotice;
import io.kumo.nats.connection.RegisteredNatsConnection;
import io.kumo.nats.settings.RedactedUrls;
import io.nats.client.Connection;
import io.nats.client.api.ServerInfo;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of one NATS connection: {@code UP} when connected, {@code DOWN} when closed, a chosen
 * status while jnats is disconnected or reconnecting, and another while connected but dropping
 * messages. It reads only jnats's instant getters and bounds its one network call, the round
 * trip, so it answers quickly when the server is gone.
 */
public final class NatsHealthIndicator extends AbstractHealthIndicator {

	private final RegisteredNatsConnection connection;

	private final Status reconnectingStatus;

	private final Status droppingStatus;

	private final Duration roundTripTimeout;

	private final RoundTripProbe roundTrip;

	private final DroppedMessages dropped;

	/**
	 * Creates an indicator for one connection.
	 * @param connection the connection
	 * @param reconnectingStatus the status while disconnected, connecting or reconnecting
	 * @param droppingStatus the status while connected and dropping messages, that is within
	 * {@link DroppedMessages#RECENT a minute} of the last drop seen
	 * @param roundTripTimeout how long to wait for the server's answer to a ping
	 * @param executor runs round-trip measurements, which may block up to the connection timeout
	 */
	public NatsHealthIndicator(RegisteredNatsConnection connection, Status reconnectingStatus, Status droppingStatus,
			Duration roundTripTimeout, Executor executor) {
		super("NATS health check failed");
		this.connection = connection;
		this.reconnectingStatus = reconnectingStatus;
		this.droppingStatus = droppingStatus;
		this.roundTripTimeout = roundTripTimeout;
		this.roundTrip = new RoundTripProbe(connection.connection(), executor);
		this.dropped = new DroppedMessages(connection.connection().getStatistics().getDroppedCount());
	}

	boolean watches(RegisteredNatsConnection connection) {
		return this.connection == connection;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Connection nats = this.connection.connection();
		NatsConnectionEvents events = this.connection.events();
		Connection.Status status = nats.getStatus();
		long droppedCount = nats.getStatistics().getDroppedCount();
		Instant now = Instant.now();
		Instant lastDrop = this.dropped.lastDrop(droppedCount, events.lastSlowConsumer(), now);
		boolean dropping = lastDrop != null && lastDrop.isAfter(now.minus(DroppedMessages.RECENT));
		builder.status(status(status, dropping))
			.withDetail("status", status.name())
			.withDetail("origin", this.connection.origin().tagValue())
			.withDetail("reconnects", nats.getStatistics().getReconnects())
			.withDetail("droppedMessages", droppedCount);
		if (lastDrop != null) {
			builder.withDetail("lastDropAt", lastDrop.toString());
		}
		String url = nats.getConnectedUrl();
		if (url != null) {
			builder.withDetail("url", RedactedUrls.redact(url));
		}
		server(builder, nats.getServerInfo());
		NatsConnectionEvents.DatedError lastError = events.datedLastError();
		if (lastError != null) {
			builder.withDetail("lastError", lastError.message()).withDetail("lastErrorAt", lastError.at().toString());
		}
		NatsLameDuckNotice lameDuck = events.lameDuck();
		if (lameDuck != null) {
			builder.withDetail("lameDuck", lameDuck(lameDuck));
		}
		if (status == Connection.Status.CONNECTED) {
			roundTrip(builder);
		}
	}

	private Status status(Connection.Status status, boolean dropping) {
		return switch (status) {
			case CONNECTED -> dropping ? this.droppingStatus : Status.UP;
			case CLOSED -> Status.DOWN;
			case DISCONNECTED, RECONNECTING, CONNECTING -> this.reconnectingStatus;
		};
	}

	private static Map<String, Object> lameDuck(NatsLameDuckNotice notice) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("server", RedactedUrls.redact(notice.server()));
		details.put("noticedAt", notice.noticedAt().toString());
		String movedTo = notice.movedTo();
		if (movedTo != null) {
			details.put("movedTo", RedactedUrls.redact(movedTo));
		}
		return details;
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
			RoundTripProbe.Measurement measurement = this.roundTrip.measure(this.roundTripTimeout);
			builder.withDetail("roundTripMillis", measurement.roundTrip().toNanos() / 1e6)
				.withDetail("roundTripAt", measurement.at().toString());
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
