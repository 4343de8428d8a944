package io.kumo.nats.connection;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.kumo.nats.test.NatsServer;
import io.kumo.nats.test.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * A publish that no stream answers, on a real server: sent again while a stream may be about to
 * answer, as one whose leader is being elected does, and failing as "no stream" when none does.
 * The jnats context is wrapped to count the attempts and to create the stream right after the
 * first one is refused.
 */
class ReconnectSafeJetStreamNoRespondersTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@RegisterExtension
	static final NatsServerExtension nats = new NatsServerExtension(NatsServer.builder().jetStream());

	private final AtomicInteger attempts = new AtomicInteger();

	private Connection connection;

	private JetStreamManagement management;

	@BeforeEach
	void connect() throws Exception {
		this.connection = Nats.connect(nats.server().url());
		this.management = this.connection.jetStreamManagement();
	}

	@AfterEach
	void close() throws Exception {
		for (String stream : this.management.getStreamNames()) {
			this.management.deleteStream(stream);
		}
		this.connection.close();
	}

	@Test
	void publishToAStreamThatAppearsAfterTheFirstAttemptIsStoredOnce() throws Exception {
		ReconnectSafeJetStream publisher = publisher(this::createLateStream);
		PublishAck ack = publisher.publish("late.orders", "order".getBytes(StandardCharsets.UTF_8));
		assertThat(ack.getStream()).isEqualTo("LATE");
		assertThat(ack.getSeqno()).isEqualTo(1);
		assertThat(this.attempts).hasValue(2);
		assertThat(this.management.getStreamInfo("LATE").getStreamState().getMsgCount()).isEqualTo(1);
	}

	@Test
	void publishThatNoStreamEverAnswersFailsAsNoStreamAfterThreeAttempts() {
		ReconnectSafeJetStream publisher = publisher(() -> {
		});
		long start = System.nanoTime();
		assertThatIOException().isThrownBy(() -> publisher.publish("nowhere.orders", new byte[] { 1 }))
			.isNotInstanceOf(NatsPublishOutcomeUnknownException.class)
			.withMessageContaining("503");
		assertThat(this.attempts).hasValue(3);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.dividedBy(4));
	}

	/**
	 * A publisher over the connection's own JetStream context, running {@code afterFirstAttempt}
	 * once the first attempt is answered and before the publisher sees the answer.
	 */
	private ReconnectSafeJetStream publisher(Runnable afterFirstAttempt) {
		JetStream jetStream;
		try {
			jetStream = this.connection.jetStream();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		JetStream counted = (JetStream) Proxy.newProxyInstance(JetStream.class.getClassLoader(),
				new Class<?>[] { JetStream.class }, (proxy, method, args) -> {
					Object result = invoke(method, jetStream, args);
					if (method.getName().equals("publishAsync") && this.attempts.incrementAndGet() == 1) {
						return ((CompletableFuture<?>) result).whenComplete((ack, failure) -> afterFirstAttempt.run());
					}
					return result;
				});
		LinkSignals link = new LinkSignals();
		link.follow(Connection.Status.CONNECTED);
		return new ReconnectSafeJetStream(counted, new InFlightPublishes(), link, TIMEOUT, true);
	}

	private static Object invoke(Method method, JetStream target, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	private void createLateStream() {
		try {
			this.management.addStream(StreamConfiguration.builder().name("LATE").subjects("late.>").build());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
