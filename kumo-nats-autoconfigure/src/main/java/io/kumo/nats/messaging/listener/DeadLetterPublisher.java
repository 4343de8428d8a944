package io.kumo.nats.messaging.listener;

import java.io.IOException;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsJetStreamMetaData;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;

/**
 * Publishes a message that failed its last allowed delivery to the listener's dead-letter
 * subject, with its headers and body and headers saying why: through JetStream, waiting for the
 * stream's acknowledgement, when a stream captures the subject, otherwise as a core message.
 */
final class DeadLetterPublisher {

	static final String LISTENER = "Nats-Dead-Letter-Listener";

	static final String EXCEPTION = "Nats-Dead-Letter-Exception";

	static final String REASON = "Nats-Dead-Letter-Reason";

	static final String DELIVERIES = "Nats-Dead-Letter-Deliveries";

	static final String STREAM = "Nats-Dead-Letter-Stream";

	static final String SEQUENCE = "Nats-Dead-Letter-Sequence";

	static final String SUBJECT = "Nats-Dead-Letter-Subject";

	private static final Log logger = LogFactory.getLog(DeadLetterPublisher.class);

	private static final List<String> DROPPED = List.of("Nats-Msg-Id", "Nats-Expected-Stream",
			"Nats-Expected-Last-Sequence", "Nats-Expected-Last-Subject-Sequence", "Nats-Expected-Last-Msg-Id");

	private static final byte[] EMPTY = new byte[0];

	private final Connection connection;

	private final String listenerId;

	private final @Nullable String subject;

	private volatile boolean toStream;

	DeadLetterPublisher(Connection connection, String listenerId, @Nullable String subject) {
		this.connection = connection;
		this.listenerId = listenerId;
		this.subject = subject;
	}

	/**
	 * Finds whether a stream captures the dead-letter subject.
	 * @throws IOException when the server cannot be asked
	 * @throws JetStreamApiException when the server refuses the question
	 */
	void prepare() throws IOException, JetStreamApiException {
		if (this.subject != null) {
			this.toStream = !this.connection.jetStreamManagement().getStreamNames(this.subject).isEmpty();
		}
	}

	/**
	 * Publishes a failed message, when there is a dead-letter subject.
	 * @param message the message
	 * @param error why its last delivery failed
	 * @return whether the message may be terminated: published, or no dead-letter subject
	 */
	boolean publish(Message message, Throwable error) {
		String subject = this.subject;
		if (subject == null) {
			return true;
		}
		Headers headers = headers(message, error);
		byte[] body = (message.getData() != null) ? message.getData() : EMPTY;
		try {
			if (this.toStream) {
				this.connection.jetStream().publish(subject, headers, body);
			}
			else {
				this.connection.publish(subject, headers, body);
			}
			return true;
		}
		catch (IOException | JetStreamApiException | RuntimeException ex) {
			logger.warn(LogMessage.format("NATS listener '%s' could not dead-letter a message to '%s'; it is "
					+ "handed back for redelivery", this.listenerId, subject), ex);
			return false;
		}
	}

	private Headers headers(Message message, Throwable error) {
		Headers headers = new Headers();
		if (message.hasHeaders()) {
			message.getHeaders().forEach((name, values) -> {
				if (!DROPPED.contains(name)) {
					headers.put(name, values);
				}
			});
		}
		NatsJetStreamMetaData metaData = message.metaData();
		headers.put(LISTENER, this.listenerId);
		headers.put(EXCEPTION, error.getClass().getName());
		if (error.getMessage() != null) {
			headers.put(REASON, ListenerMessageHandler.headerValue(error.getMessage()));
		}
		headers.put(DELIVERIES, Long.toString(metaData.deliveredCount()));
		headers.put(STREAM, metaData.getStream());
		headers.put(SEQUENCE, Long.toString(metaData.streamSequence()));
		headers.put(SUBJECT, message.getSubject());
		return headers;
	}

}
