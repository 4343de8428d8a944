package io.kumo.nats.connection;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.NatsMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wait for an acknowledgement misses none: an ack that completes between two of the
 * publisher's checks is still seen at once rather than at the timeout. A fake JetStream context
 * completes its ack exactly there.
 */
class ReconnectSafeJetStreamRaceTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@Test
	void ackCompletingWhileCheckedIsSeenAtOnce() throws Exception {
		PublishAck ack = new PublishAck(NatsMessage.builder()
			.subject("_INBOX.ack")
			.data("{\"stream\":\"EVENTS\",\"seq\":7}", StandardCharsets.UTF_8)
			.build());
		JetStream jetStream = (JetStream) Proxy.newProxyInstance(JetStream.class.getClassLoader(),
				new Class<?>[] { JetStream.class }, (proxy, method, args) -> {
					if (method.getName().equals("publishAsync")) {
						return new CompletesWhenFirstChecked(ack);
					}
					throw new UnsupportedOperationException(method.getName());
				});
		LinkSignals link = new LinkSignals();
		link.follow(Connection.Status.CONNECTED);
		ReconnectSafeJetStream publisher = new ReconnectSafeJetStream(jetStream, new InFlightPublishes(), link,
				TIMEOUT, true);
		long start = System.nanoTime();
		assertThat(publisher.publish("events.race", new byte[] { 1 }).getSeqno()).isEqualTo(7);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.dividedBy(4));
	}

	/**
	 * A future that is not done when first asked, and completes right after answering.
	 */
	private static final class CompletesWhenFirstChecked extends CompletableFuture<PublishAck> {

		private final PublishAck ack;

		private boolean asked;

		CompletesWhenFirstChecked(PublishAck ack) {
			this.ack = ack;
		}

		@Override
		public boolean isDone() {
			boolean done = super.isDone();
			if (!this.asked) {
				this.asked = true;
				complete(this.ack);
			}
			return done;
		}

	}

}
