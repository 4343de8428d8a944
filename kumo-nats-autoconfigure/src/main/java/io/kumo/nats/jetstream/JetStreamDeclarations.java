package io.kumo.nats.jetstream;

import java.util.ArrayList;
import java.util.List;

import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StreamConfiguration;

/**
 * The streams, consumers and key-value buckets declared for one connection, each with what
 * declared it (such as {@code kumo.nats.connections.orders.jetstream.streams.ORDERS} or
 * {@code bean 'ordersStream'}) so that a refusal can name it.
 */
public final class JetStreamDeclarations {

	private final List<Declared<StreamConfiguration>> streams = new ArrayList<>();

	private final List<Declared<NatsConsumerDeclaration>> consumers = new ArrayList<>();

	private final List<Declared<KeyValueConfiguration>> keyValues = new ArrayList<>();

	/**
	 * Adds a stream.
	 * @param configuration the stream
	 * @param source what declared it, named in errors
	 * @return these declarations
	 */
	public JetStreamDeclarations stream(StreamConfiguration configuration, String source) {
		this.streams.add(new Declared<>(configuration, source));
		return this;
	}

	/**
	 * Adds a durable consumer.
	 * @param declaration the consumer and its stream
	 * @param source what declared it, named in errors
	 * @return these declarations
	 */
	public JetStreamDeclarations consumer(NatsConsumerDeclaration declaration, String source) {
		this.consumers.add(new Declared<>(declaration, source));
		return this;
	}

	/**
	 * Adds a key-value bucket.
	 * @param configuration the bucket
	 * @param source what declared it, named in errors
	 * @return these declarations
	 */
	public JetStreamDeclarations keyValue(KeyValueConfiguration configuration, String source) {
		this.keyValues.add(new Declared<>(configuration, source));
		return this;
	}

	public boolean isEmpty() {
		return this.streams.isEmpty() && this.consumers.isEmpty() && this.keyValues.isEmpty();
	}

	List<Declared<StreamConfiguration>> streams() {
		return this.streams;
	}

	List<Declared<NatsConsumerDeclaration>> consumers() {
		return this.consumers;
	}

	List<Declared<KeyValueConfiguration>> keyValues() {
		return this.keyValues;
	}

	record Declared<C>(C configuration, String source) {
	}

}
