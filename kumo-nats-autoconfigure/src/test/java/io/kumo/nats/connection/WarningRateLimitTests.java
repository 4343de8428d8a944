package io.kumo.nats.connection;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WarningRateLimitTests {

	private static final long SECOND = Duration.ofSeconds(1).toNanos();

	private final WarningRateLimit limit = new WarningRateLimit(Duration.ofSeconds(10));

	@Test
	void theFirstWarningIsWrittenWithNothingLeftOut() {
		assertThat(this.limit.admit(5 * SECOND)).isZero();
	}

	@Test
	void warningsWithinTheIntervalAreLeftOutAndCountedInTheNextOne() {
		this.limit.admit(0);
		for (int i = 1; i <= 1000; i++) {
			assertThat(this.limit.admit(i * SECOND / 101)).isEqualTo(WarningRateLimit.SUPPRESSED);
		}
		assertThat(this.limit.admit(10 * SECOND)).isEqualTo(1000);
		assertThat(this.limit.admit(11 * SECOND)).isEqualTo(WarningRateLimit.SUPPRESSED);
		assertThat(this.limit.admit(20 * SECOND)).isEqualTo(1);
	}

	@Test
	void aWarningAfterAQuietIntervalIsWrittenAtOnce() {
		this.limit.admit(0);
		assertThat(this.limit.admit(60 * SECOND)).isZero();
	}

	@Test
	void theIntervalIsMeasuredFromTheLastWrittenWarning() {
		this.limit.admit(0);
		this.limit.admit(9 * SECOND);
		assertThat(this.limit.admit(10 * SECOND)).isEqualTo(1);
		assertThat(this.limit.admit(19 * SECOND)).isEqualTo(WarningRateLimit.SUPPRESSED);
	}

}
