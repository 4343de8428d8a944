package io.kumo.nats.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import io.kumo.nats.connection.NatsConnectionEvents;
import io.kumo.nats.connection.RegisteredNatsConnection;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.nats.client.Connection;
import io.nats.client.Statistics;

/**
 * The meters of one connection. jnats's statistics and our event counts are monotonic totals,
 * so they become function counters read on scrape; only the outstanding requests and the
 * connection state are gauges. Every function reads a counter and never blocks.
 */
final class NatsConnectionMeters {

	private static final String MESSAGES = "messages";

	private final RegisteredNatsConnection connection;

	private final MeterRegistry registry;

	private final Tags tags;

	private final List<Meter> meters = new ArrayList<>();

	private NatsConnectionMeters(RegisteredNatsConnection connection, MeterRegistry registry) {
		this.connection = connection;
		this.registry = registry;
		this.tags = Tags.of("name", connection.name(), "origin", connection.origin().tagValue());
	}

	static List<Meter> register(RegisteredNatsConnection connection, MeterRegistry registry) {
		NatsConnectionMeters meters = new NatsConnectionMeters(connection, registry);
		meters.statistics();
		meters.events();
		meters.gauges();
		return List.copyOf(meters.meters);
	}

	private void statistics() {
		statistic("nats.messages.received", MESSAGES, "Messages received from the server", Statistics::getInMsgs);
		statistic("nats.messages.sent", MESSAGES, "Messages sent to the server", Statistics::getOutMsgs);
		statistic("nats.bytes.received", BaseUnits.BYTES, "Bytes of messages received, protocol lines included",
				Statistics::getInBytes);
		statistic("nats.bytes.sent", BaseUnits.BYTES, "Bytes of messages sent, protocol lines included",
				Statistics::getOutBytes);
		statistic("nats.messages.dropped", MESSAGES, "Messages dropped because a subscription's pending limits were hit",
				Statistics::getDroppedCount);
		statistic("nats.reconnects", "reconnects", "Successful reconnects", Statistics::getReconnects);
		statistic("nats.pings", "pings", "Pings sent to the server", Statistics::getPings);
		statistic("nats.server.oks", "replies", "+OK protocol replies from the server", Statistics::getOKs);
		statistic("nats.server.errors", "errors", "-ERR protocol errors from the server", Statistics::getErrs);
		statistic("nats.exceptions", "exceptions", "Exceptions the client reported", Statistics::getExceptions);
		statistic("nats.requests.sent", "requests", "Requests sent", Statistics::getRequestsSent);
		statistic("nats.replies.received", "replies", "Replies received to requests",
				Statistics::getRepliesReceived);
	}

	private void events() {
		event("nats.disconnects", "disconnects", "Times the connection was lost", NatsConnectionEvents::disconnects);
		event("nats.lame.duck.notices", "notices", "Notices that the server entered lame duck mode",
				NatsConnectionEvents::lameDuckNotices);
		event("nats.slow.consumers", "events", "Slow consumers detected, each dropping messages",
				NatsConnectionEvents::slowConsumers);
		event("nats.publishes.failed", MESSAGES, "Publishes nobody waited for that failed",
				NatsConnectionEvents::failedPublishes);
	}

	private void gauges() {
		add(Gauge.builder("nats.requests.outstanding", this.connection,
				(registered) -> registered.connection().getStatistics().getOutstandingRequests())
			.tags(this.tags)
			.baseUnit("requests")
			.description("Requests waiting for a reply")
			.register(this.registry));
		add(Gauge.builder("nats.connection.connected", this.connection,
				(registered) -> (registered.connection().getStatus() == Connection.Status.CONNECTED) ? 1 : 0)
			.tags(this.tags)
			.description("1 while the connection is connected, 0 otherwise")
			.register(this.registry));
	}

	private void statistic(String name, String unit, String description, ToDoubleFunction<Statistics> value) {
		counter(name, unit, description, (registered) -> value.applyAsDouble(registered.connection().getStatistics()));
	}

	private void event(String name, String unit, String description, ToDoubleFunction<NatsConnectionEvents> value) {
		counter(name, unit, description, (registered) -> value.applyAsDouble(registered.events()));
	}

	private void counter(String name, String unit, String description,
			ToDoubleFunction<RegisteredNatsConnection> value) {
		add(FunctionCounter.builder(name, this.connection, value)
			.tags(this.tags)
			.baseUnit(unit)
			.description(description)
			.register(this.registry));
	}

	private void add(Meter meter) {
		this.meters.add(meter);
	}

}
