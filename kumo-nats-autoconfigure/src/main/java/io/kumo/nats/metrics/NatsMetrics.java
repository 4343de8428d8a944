package io.kumo.nats.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.kumo.nats.connection.NatsConnectionRegistry;
import io.kumo.nats.connection.RegisteredNatsConnection;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds meters for every connection in the registry, tagged with its {@code name} and
 * {@code origin}, and removes them when the connection leaves the registry, so script
 * connections neither go unmeasured nor leave stale meters behind.
 */
public final class NatsMetrics implements MeterBinder {

	private final NatsConnectionRegistry connections;

	public NatsMetrics(NatsConnectionRegistry connections) {
		this.connections = connections;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.connections.addListener(new Binding(registry));
	}

	private static final class Binding implements NatsConnectionRegistry.Listener {

		private final MeterRegistry registry;

		private final Map<RegisteredNatsConnection, List<Meter>> meters = new ConcurrentHashMap<>();

		Binding(MeterRegistry registry) {
			this.registry = registry;
		}

		@Override
		public void registered(RegisteredNatsConnection connection) {
			this.meters.computeIfAbsent(connection, (added) -> NatsConnectionMeters.register(added, this.registry));
		}

		@Override
		public void removed(RegisteredNatsConnection connection) {
			List<Meter> removed = this.meters.remove(connection);
			if (removed != null) {
				removed.forEach(this.registry::remove);
			}
		}

	}

}
