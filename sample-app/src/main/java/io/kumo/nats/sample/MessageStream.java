package io.kumo.nats.sample;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StreamConfiguration;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates the JetStream stream the message policy publishes to, unless it already exists.
 */
@Component
class MessageStream implements ApplicationRunner {

	static final String NAME = "MESSAGES";

	static final String SUBJECTS = "messages.>";

	private static final int STREAM_NOT_FOUND = 10059;

	private final JetStreamManagement management;

	MessageStream(@Qualifier("events") JetStreamManagement management) {
		this.management = management;
	}

	@Override
	public void run(ApplicationArguments args) throws Exception {
		try {
			this.management.getStreamInfo(NAME);
		}
		catch (JetStreamApiException ex) {
			if (ex.getApiErrorCode() != STREAM_NOT_FOUND) {
				throw ex;
			}
			this.management.addStream(StreamConfiguration.builder().name(NAME).subjects(SUBJECTS).build());
		}
	}

}
