package io.kumo.nats.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * Publishes numbered messages, each with its own {@code Nats-Msg-Id}, one after the other on a
 * thread of its own, and records how each publish was reported: acknowledged, failed, or with an
 * unknown outcome. It stops at its count, when asked, or at the first refusal because the
 * application is stopping.
 */
final class PublishLoop implements AutoCloseable {

	private static final Duration MAX_RUN = Duration.ofMinutes(3);

	private final String idPrefix;

	private final int count;

	private final Publisher publisher;

	private final Function<Exception, Outcome> classifier;

	private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<Long> ackedAt = new ConcurrentLinkedQueue<>();

	private final List<String> failures = new ArrayList<>();

	private final Thread thread;

	private volatile boolean stopRequested;

	private volatile @Nullable String stoppedBy;

	PublishLoop(String idPrefix, int count, Publisher publisher, Function<Exception, Outcome> classifier) {
		this.idPrefix = idPrefix;
		this.count = count;
		this.publisher = publisher;
		this.classifier = classifier;
		this.thread = new Thread(this::run, "publish-loop-" + idPrefix);
	}

	PublishLoop start() {
		this.thread.start();
		return this;
	}

	private void run() {
		long deadline = System.nanoTime() + MAX_RUN.toNanos();
		for (int i = 1; i <= this.count && !this.stopRequested && System.nanoTime() < deadline; i++) {
			String id = this.idPrefix + i;
			try {
				this.publisher.publish(id);
				this.outcomes.put(id, Outcome.ACKED);
				this.ackedAt.add(System.nanoTime());
			}
			catch (Exception ex) {
				Outcome outcome = this.classifier.apply(ex);
				this.outcomes.put(id, outcome);
				synchronized (this.failures) {
					this.failures.add(id + ": " + outcome + ": " + ex.getMessage());
				}
				if (outcome == Outcome.STOPPING) {
					this.stoppedBy = ex.getMessage();
					return;
				}
			}
		}
	}

	void awaitAcked(int acked, Duration timeout) {
		await().atMost(timeout).pollInterval(Duration.ofMillis(10)).until(() -> this.ackedAt.size() >= acked);
	}

	/**
	 * Waits for the first acknowledgement that arrives after a point in time.
	 * @param since a {@link System#nanoTime()}
	 * @param timeout how long to wait
	 * @return how long after {@code since} it arrived
	 */
	Duration awaitAckAfter(long since, Duration timeout) {
		await().atMost(timeout).pollInterval(Duration.ofMillis(5)).until(() -> firstAckAfter(since) != null);
		return Duration.ofNanos(firstAckAfter(since) - since);
	}

	private @Nullable Long firstAckAfter(long since) {
		return this.ackedAt.stream().filter((at) -> at - since > 0).min(Long::compare).orElse(null);
	}

	void awaitEnd(Duration timeout) throws InterruptedException {
		this.thread.join(timeout.toMillis());
		if (this.thread.isAlive()) {
			throw new AssertionError("publish loop " + this.idPrefix + " still runs after " + timeout);
		}
	}

	void stop(Duration timeout) throws InterruptedException {
		this.stopRequested = true;
		awaitEnd(timeout);
	}

	Set<String> ids(Outcome outcome) {
		return this.outcomes.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() == outcome)
			.map(Map.Entry::getKey)
			.collect(Collectors.toSet());
	}

	int reported() {
		return this.outcomes.size();
	}

	@Nullable String stoppedBy() {
		return this.stoppedBy;
	}

	List<String> failures() {
		synchronized (this.failures) {
			return List.copyOf(this.failures);
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (this.thread.isAlive()) {
			stop(Duration.ofSeconds(30));
		}
	}

	enum Outcome {

		/** The server acknowledged it. */
		ACKED,

		/** Reported failed after it may have been sent. */
		FAILED,

		/** Reported with an unknown outcome. */
		UNKNOWN,

		/** Refused because the application is stopping, before it was sent. */
		STOPPING

	}

	@FunctionalInterface
	interface Publisher {

		void publish(String messageId) throws Exception;

	}

}
