package io.kumo.nats.connection;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Counting publishes in flight, refusing new ones once stopped, and waiting for the rest.
 */
class InFlightPublishesTests {

	private final InFlightPublishes inFlight = new InFlightPublishes();

	@Test
	void publishesAreRefusedOnceStopped() {
		this.inFlight.begin();
		this.inFlight.stop();
		assertThatExceptionOfType(NatsStoppingException.class).isThrownBy(this.inFlight::begin)
			.withMessage("application is stopping");
		assertThat(this.inFlight.count()).isEqualTo(1);
		assertThat(this.inFlight.isStopping()).isTrue();
	}

	@Test
	void awaitNoneReturnsWhenTheLastPublishEnds() throws Exception {
		this.inFlight.begin();
		this.inFlight.begin();
		this.inFlight.stop();
		CompletableFuture<Boolean> none = CompletableFuture.supplyAsync(() -> {
			try {
				return this.inFlight.awaitNone(System.nanoTime() + Duration.ofSeconds(30).toNanos());
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		this.inFlight.end();
		assertThat(none).isNotDone();
		this.inFlight.end();
		assertThat(none.get(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void awaitNoneGivesUpAtTheDeadline() throws InterruptedException {
		this.inFlight.begin();
		this.inFlight.stop();
		long start = System.nanoTime();
		assertThat(this.inFlight.awaitNone(start + Duration.ofMillis(200).toNanos())).isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
	}

}
