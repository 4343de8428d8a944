package io.kumo.nats.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nats.client.api.AckPolicy;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationPropertiesSource;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/**
 * JetStream streams, durable consumers and key-value buckets that one connection declares: each
 * is created at startup when the server does not have it and updated when a declared setting
 * differs; none is ever deleted. These keys exist in YAML only, not in the Lua CONFIG table.
 */
@ConfigurationPropertiesSource
public class NatsJetStreamProperties {

	/**
	 * Streams to declare, by stream name.
	 */
	private final Map<String, Stream> streams = new LinkedHashMap<>();

	/**
	 * Durable pull consumers to declare, by durable name.
	 */
	private final Map<String, Consumer> consumers = new LinkedHashMap<>();

	/**
	 * Key-value buckets to declare, by bucket name.
	 */
	private final Map<String, KeyValue> keyValue = new LinkedHashMap<>();

	public Map<String, Stream> getStreams() {
		return this.streams;
	}

	public Map<String, Consumer> getConsumers() {
		return this.consumers;
	}

	public Map<String, KeyValue> getKeyValue() {
		return this.keyValue;
	}

	/**
	 * A stream.
	 */
	@ConfigurationPropertiesSource
	public static class Stream {

		/**
		 * Subjects the stream stores, wildcards allowed; the stream's name when empty.
		 */
		private List<String> subjects = new ArrayList<>();

		/**
		 * Description of the stream.
		 */
		private @Nullable String description;

		/**
		 * Where messages are kept: file or memory. The server cannot change it on an existing
		 * stream.
		 */
		private StorageType storage = StorageType.File;

		/**
		 * When messages are removed: limits (by max-age, max-bytes and max-msgs), interest (once every consumer
		 * acknowledged them) or work-queue (once one consumer acknowledged them).
		 */
		private RetentionPolicy retention = RetentionPolicy.Limits;

		/**
		 * What a full stream does: old (removes the oldest messages) or new (refuses new ones).
		 */
		private DiscardPolicy discard = DiscardPolicy.Old;

		/**
		 * How long a message is kept; 0 for no limit. A bare number means seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration maxAge = Duration.ZERO;

		/**
		 * Largest size of the stream; no limit when unset.
		 */
		private @Nullable DataSize maxBytes;

		/**
		 * Most messages the stream holds; -1 for no limit.
		 */
		private long maxMsgs = -1;

		/**
		 * Most messages the stream holds per subject; -1 for no limit.
		 */
		private long maxMsgsPerSubject = -1;

		/**
		 * Largest message the stream accepts; no limit when unset.
		 */
		private @Nullable DataSize maxMsgSize;

		/**
		 * Copies of each message kept in a cluster, 1 to 5.
		 */
		private int replicas = 1;

		/**
		 * How long message ids are remembered to drop duplicates; the server's default (2 minutes)
		 * when unset. A bare number means seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private @Nullable Duration duplicateWindow;

		public List<String> getSubjects() {
			return this.subjects;
		}

		public void setSubjects(List<String> subjects) {
			this.subjects = subjects;
		}

		public @Nullable String getDescription() {
			return this.description;
		}

		public void setDescription(@Nullable String description) {
			this.description = description;
		}

		public StorageType getStorage() {
			return this.storage;
		}

		public void setStorage(StorageType storage) {
			this.storage = storage;
		}

		public RetentionPolicy getRetention() {
			return this.retention;
		}

		public void setRetention(RetentionPolicy retention) {
			this.retention = retention;
		}

		public DiscardPolicy getDiscard() {
			return this.discard;
		}

		public void setDiscard(DiscardPolicy discard) {
			this.discard = discard;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

		public @Nullable DataSize getMaxBytes() {
			return this.maxBytes;
		}

		public void setMaxBytes(@Nullable DataSize maxBytes) {
			this.maxBytes = maxBytes;
		}

		public long getMaxMsgs() {
			return this.maxMsgs;
		}

		public void setMaxMsgs(long maxMsgs) {
			this.maxMsgs = maxMsgs;
		}

		public long getMaxMsgsPerSubject() {
			return this.maxMsgsPerSubject;
		}

		public void setMaxMsgsPerSubject(long maxMsgsPerSubject) {
			this.maxMsgsPerSubject = maxMsgsPerSubject;
		}

		public @Nullable DataSize getMaxMsgSize() {
			return this.maxMsgSize;
		}

		public void setMaxMsgSize(@Nullable DataSize maxMsgSize) {
			this.maxMsgSize = maxMsgSize;
		}

		public int getReplicas() {
			return this.replicas;
		}

		public void setReplicas(int replicas) {
			this.replicas = replicas;
		}

		public @Nullable Duration getDuplicateWindow() {
			return this.duplicateWindow;
		}

		public void setDuplicateWindow(@Nullable Duration duplicateWindow) {
			this.duplicateWindow = duplicateWindow;
		}

	}

	/**
	 * A durable pull consumer of a stream.
	 */
	@ConfigurationPropertiesSource
	public static class Consumer {

		/**
		 * Name of the stream the consumer reads. Required.
		 */
		private @Nullable String stream;

		/**
		 * Description of the consumer.
		 */
		private @Nullable String description;

		/**
		 * Subjects of the stream the consumer receives, wildcards allowed; all when empty.
		 */
		private List<String> filterSubjects = new ArrayList<>();

		/**
		 * How messages are acknowledged: explicit (each one), all (one acknowledges those before
		 * it) or none.
		 */
		private AckPolicy ackPolicy = AckPolicy.Explicit;

		/**
		 * How long the server waits for an acknowledgement before it delivers the message again;
		 * the server's default (30 seconds) when unset. A bare number means seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private @Nullable Duration ackWait;

		/**
		 * Most deliveries of one message; -1 for no limit.
		 */
		private int maxDeliver = -1;

		/**
		 * Delays before each redelivery of an unacknowledged message, instead of ack-wait; needs
		 * max-deliver greater than the number of delays. A bare number means seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private List<Duration> backoff = new ArrayList<>();

		/**
		 * Most messages delivered and not yet acknowledged; the server's default (1000) when
		 * unset.
		 */
		private @Nullable Long maxAckPending;

		/**
		 * Where a new consumer starts: all, last, new or last-per-subject. The server cannot
		 * change it on an existing consumer.
		 */
		private DeliverPolicy deliverPolicy = DeliverPolicy.All;

		public @Nullable String getStream() {
			return this.stream;
		}

		public void setStream(@Nullable String stream) {
			this.stream = stream;
		}

		public @Nullable String getDescription() {
			return this.description;
		}

		public void setDescription(@Nullable String description) {
			this.description = description;
		}

		public List<String> getFilterSubjects() {
			return this.filterSubjects;
		}

		public void setFilterSubjects(List<String> filterSubjects) {
			this.filterSubjects = filterSubjects;
		}

		public AckPolicy getAckPolicy() {
			return this.ackPolicy;
		}

		public void setAckPolicy(AckPolicy ackPolicy) {
			this.ackPolicy = ackPolicy;
		}

		public @Nullable Duration getAckWait() {
			return this.ackWait;
		}

		public void setAckWait(@Nullable Duration ackWait) {
			this.ackWait = ackWait;
		}

		public int getMaxDeliver() {
			return this.maxDeliver;
		}

		public void setMaxDeliver(int maxDeliver) {
			this.maxDeliver = maxDeliver;
		}

		public List<Duration> getBackoff() {
			return this.backoff;
		}

		public void setBackoff(List<Duration> backoff) {
			this.backoff = backoff;
		}

		public @Nullable Long getMaxAckPending() {
			return this.maxAckPending;
		}

		public void setMaxAckPending(@Nullable Long maxAckPending) {
			this.maxAckPending = maxAckPending;
		}

		public DeliverPolicy getDeliverPolicy() {
			return this.deliverPolicy;
		}

		public void setDeliverPolicy(DeliverPolicy deliverPolicy) {
			this.deliverPolicy = deliverPolicy;
		}

	}

	/**
	 * A key-value bucket.
	 */
	@ConfigurationPropertiesSource
	public static class KeyValue {

		/**
		 * Description of the bucket.
		 */
		private @Nullable String description;

		/**
		 * Values kept per key, the latest included, 1 to 64.
		 */
		private int history = 1;

		/**
		 * How long a value is kept; 0 for no limit. A bare number means seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration ttl = Duration.ZERO;

		/**
		 * Largest size of the bucket; no limit when unset.
		 */
		private @Nullable DataSize maxBytes;

		/**
		 * Largest value the bucket accepts; no limit when unset.
		 */
		private @Nullable DataSize maxValueSize;

		/**
		 * Where values are kept: file or memory. The server cannot change it on an existing bucket.
		 */
		private StorageType storage = StorageType.File;

		/**
		 * Copies of each value kept in a cluster, 1 to 5.
		 */
		private int replicas = 1;

		public @Nullable String getDescription() {
			return this.description;
		}

		public void setDescription(@Nullable String description) {
			this.description = description;
		}

		public int getHistory() {
			return this.history;
		}

		public void setHistory(int history) {
			this.history = history;
		}

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

		public @Nullable DataSize getMaxBytes() {
			return this.maxBytes;
		}

		public void setMaxBytes(@Nullable DataSize maxBytes) {
			this.maxBytes = maxBytes;
		}

		public @Nullable DataSize getMaxValueSize() {
			return this.maxValueSize;
		}

		public void setMaxValueSize(@Nullable DataSize maxValueSize) {
			this.maxValueSize = maxValueSize;
		}

		public StorageType getStorage() {
			return this.storage;
		}

		public void setStorage(StorageType storage) {
			this.storage = storage;
		}

		public int getReplicas() {
			return this.replicas;
		}

		public void setReplicas(int replicas) {
			this.replicas = replicas;
		}

	}

}
