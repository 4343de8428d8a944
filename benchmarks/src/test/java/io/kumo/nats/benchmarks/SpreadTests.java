package io.kumo.nats.benchmarks;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The median and range the summary shows for each figure over the rounds.
 */
class SpreadTests {

	@Test
	void medianIsTheMiddleValueWhateverTheOrder() {
		Spread spread = Spread.of(List.of(0.551, 0.490, 0.504));
		assertThat(spread.median()).isEqualTo(0.504);
		assertThat(spread.min()).isEqualTo(0.490);
		assertThat(spread.max()).isEqualTo(0.551);
	}

	@Test
	void oneNoisyRoundDoesNotMoveTheMedian() {
		assertThat(Spread.of(List.of(1.0, 1.1, 9.0)).median()).isEqualTo(1.1);
	}

	@Test
	void formatShowsTheMedianThenTheRange() {
		assertThat(Spread.of(List.of(0.551, 0.490, 0.504)).format(" x")).isEqualTo("0.504 x (0.490-0.551)");
		assertThat(Spread.of(List.of(1503883.0, 1471694.0, 1523998.0)).format("")).isEqualTo("1503883 (1471694-1523998)");
		assertThat(Spread.of(List.of(74.37, 73.47, 76.67)).format("")).isEqualTo("74.37 (73.47-76.67)");
	}

	@Test
	void oneRoundHasNoRange() {
		assertThat(Spread.of(List.of(0.0121)).format(" x")).isEqualTo("0.0121 x");
	}

	@Test
	void noValuesIsAnError() {
		assertThatIllegalArgumentException().isThrownBy(() -> Spread.of(List.of()));
	}

}
