package io.kumo.nats.autoconfigure.jetstream;

import java.time.Duration;
import java.util.function.Supplier;

import io.kumo.nats.autoconfigure.InvalidNatsConnectionPropertyException;
import io.kumo.nats.autoconfigure.NatsJetStreamProperties;
import io.kumo.nats.jetstream.JetStreamDeclarations;
import io.kumo.nats.jetstream.NatsConsumerDeclaration;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StreamConfiguration;

import org.springframework.util.unit.DataSize;

/**
 * Turns the declarations under {@code kumo.nats.connections.<name>.jetstream} into jnats
 * configurations, each with its property prefix as source.
 */
final class PropertiesJetStreamDeclarations {

	private PropertiesJetStreamDeclarations() {
	}

	/**
	 * Adds one connection's declared streams, consumers and buckets.
	 * @param connectionName the connection's name
	 * @param properties its jetstream properties
	 * @param declarations where to add them
	 * @throws InvalidNatsConnectionPropertyException when a declaration is incomplete or invalid
	 */
	static void addTo(String connectionName, NatsJetStreamProperties properties, JetStreamDeclarations declarations) {
		String prefix = "kumo.nats.connections." + connectionName + ".jetstream.";
		properties.getStreams().forEach((name, stream) -> {
			String source = prefix + "streams." + name;
			declarations.stream(build(source, () -> stream(name, stream)), source);
		});
		properties.getKeyValue().forEach((name, bucket) -> {
			String source = prefix + "key-value." + name;
			declarations.keyValue(build(source, () -> keyValue(name, bucket)), source);
		});
		properties.getConsumers().forEach((name, consumer) -> {
			String source = prefix + "consumers." + name;
			if (consumer.getStream() == null || consumer.getStream().isBlank()) {
				throw new InvalidNatsConnectionPropertyException(source + ".stream",
						"the name of the stream that consumer '" + name + "' reads is required", null);
			}
			declarations.consumer(build(source, () -> consumer(name, consumer)), source);
		});
	}

	private static StreamConfiguration stream(String name, NatsJetStreamProperties.Stream stream) {
		StreamConfiguration.Builder builder = StreamConfiguration.builder()
			.name(name)
			.subjects(stream.getSubjects())
			.description(stream.getDescription())
			.storageType(stream.getStorage())
			.retentionPolicy(stream.getRetention())
			.discardPolicy(stream.getDiscard())
			.maxAge(stream.getMaxAge())
			.maxMessages(stream.getMaxMsgs())
			.maxMessagesPerSubject(stream.getMaxMsgsPerSubject())
			.replicas(stream.getReplicas())
			.duplicateWindow(stream.getDuplicateWindow());
		if (stream.getMaxBytes() != null) {
			builder.maxBytes(stream.getMaxBytes().toBytes());
		}
		if (stream.getMaxMsgSize() != null) {
			builder.maximumMessageSize(intBytes(stream.getMaxMsgSize()));
		}
		return builder.build();
	}

	private static KeyValueConfiguration keyValue(String name, NatsJetStreamProperties.KeyValue bucket) {
		KeyValueConfiguration.Builder builder = KeyValueConfiguration.builder()
			.name(name)
			.description(bucket.getDescription())
			.maxHistoryPerKey(bucket.getHistory())
			.ttl(bucket.getTtl())
			.storageType(bucket.getStorage())
			.replicas(bucket.getReplicas());
		if (bucket.getMaxBytes() != null) {
			builder.maxBucketSize(bucket.getMaxBytes().toBytes());
		}
		if (bucket.getMaxValueSize() != null) {
			builder.maximumValueSize(intBytes(bucket.getMaxValueSize()));
		}
		return builder.build();
	}

	private static NatsConsumerDeclaration consumer(String name, NatsJetStreamProperties.Consumer consumer) {
		ConsumerConfiguration.Builder builder = ConsumerConfiguration.builder()
			.durable(name)
			.description(consumer.getDescription())
			.filterSubjects(consumer.getFilterSubjects())
			.ackPolicy(consumer.getAckPolicy())
			.ackWait(consumer.getAckWait())
			.maxDeliver(consumer.getMaxDeliver())
			.backoff(consumer.getBackoff().toArray(Duration[]::new))
			.deliverPolicy(consumer.getDeliverPolicy());
		if (consumer.getMaxAckPending() != null) {
			builder.maxAckPending(consumer.getMaxAckPending());
		}
		return new NatsConsumerDeclaration(consumer.getStream(), builder.build());
	}

	private static int intBytes(DataSize size) {
		if (size.toBytes() > Integer.MAX_VALUE) {
			throw new IllegalArgumentException(
					"a message or value size must be at most " + Integer.MAX_VALUE + " bytes");
		}
		return (int) size.toBytes();
	}

	private static <T> T build(String source, Supplier<T> builder) {
		try {
			return builder.get();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidNatsConnectionPropertyException(source, String.valueOf(ex.getMessage()), ex);
		}
	}

}
