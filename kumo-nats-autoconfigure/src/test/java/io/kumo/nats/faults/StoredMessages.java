package io.kumo.nats.faults;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import io.nats.client.Connection;
import io.nats.client.FetchConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.OrderedConsumerContext;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.support.NatsJetStreamConstants;

/**
 * What a stream holds, read over a connection of its own: the number of messages the server
 * reports and the {@code Nats-Msg-Id} of every message, to count duplicates and losses.
 */
record StoredMessages(long count, Set<String> ids) {

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

	/**
	 * Creates a file-backed stream with a two-minute duplicate window.
	 */
	static void createStream(String servers, String stream, String subjects, int replicas) throws Exception {
		try (Connection connection = connect(servers)) {
			JetStreamManagement management = connection.jetStreamManagement();
			management.addStream(StreamConfiguration.builder()
				.name(stream)
				.subjects(subjects)
				.storageType(StorageType.File)
				.replicas(replicas)
				.duplicateWindow(Duration.ofMinutes(2))
				.build());
		}
	}

	/**
	 * Reads the stream, trying again while a cluster that lost a node is still electing leaders.
	 */
	static StoredMessages read(String servers, String stream) throws Exception {
		long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
		while (true) {
			try {
				return readOnce(servers, stream);
			}
			catch (IOException | JetStreamApiException ex) {
				if (System.nanoTime() - deadline > 0) {
					throw ex;
				}
			}
		}
	}

	private static StoredMessages readOnce(String servers, String stream) throws Exception {
		try (Connection connection = connect(servers)) {
			StreamInfo info = connection.jetStreamManagement().getStreamInfo(stream);
			long count = info.getStreamState().getMsgCount();
			Set<String> ids = new HashSet<>();
			long read = 0;
			long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
			OrderedConsumerContext consumer = connection.getStreamContext(stream)
				.createOrderedConsumer(new OrderedConsumerConfiguration());
			while (read < count && System.nanoTime() < deadline) {
				try (FetchConsumer fetch = consumer.fetchMessages((int) Math.min(count - read, 5000))) {
					for (Message message = fetch.nextMessage(); message != null; message = fetch.nextMessage()) {
						read++;
						ids.add(message.getHeaders().getFirst(NatsJetStreamConstants.MSG_ID_HDR));
					}
				}
			}
			if (read < count) {
				throw new AssertionError("read " + read + " of " + count + " stored messages within " + READ_TIMEOUT);
			}
			return new StoredMessages(count, ids);
		}
	}

	private static Connection connect(String servers) throws Exception {
		return Nats.connect(Options.builder()
			.servers(servers.split(","))
			.connectionTimeout(Duration.ofSeconds(10))
			.build());
	}

	/**
	 * Messages stored more than once.
	 * @return the stored count minus the distinct ids
	 */
	long duplicates() {
		return this.count - this.ids.size();
	}

}
