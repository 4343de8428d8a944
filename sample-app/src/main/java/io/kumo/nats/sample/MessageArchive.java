package io.kumo.nats.sample;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import io.kumo.nats.messaging.listener.NatsListener;
import io.nats.client.impl.NatsJetStreamMetaData;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Keeps the latest messages of the {@code MESSAGES} stream, read by a durable JetStream listener:
 * a message it cannot archive is tried again twice and then lands in {@code dead.messages}.
 */
@RestController
class MessageArchive {

	static final String POISON = "poison";

	private static final int KEPT = 100;

	private final Deque<String> archived = new ArrayDeque<>();

	@NatsListener(id = "archive", connection = "events", stream = "MESSAGES", durable = "archiver",
			maxDeliveries = "3", backoff = "200ms", deadLetterSubject = "dead.messages")
	void archive(String body, NatsJetStreamMetaData metaData) {
		if (body.contains(POISON)) {
			throw new IllegalArgumentException("Message " + metaData.streamSequence() + " cannot be archived");
		}
		synchronized (this.archived) {
			this.archived.addFirst(body);
			if (this.archived.size() > KEPT) {
				this.archived.removeLast();
			}
		}
	}

	@GetMapping("/messages/archived")
	List<String> archived() {
		synchronized (this.archived) {
			return List.copyOf(this.archived);
		}
	}

}
