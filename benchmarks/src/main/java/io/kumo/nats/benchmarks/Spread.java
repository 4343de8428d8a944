package io.kumo.nats.benchmarks;

import java.util.List;
import java.util.Locale;

/**
 * One figure over the rounds of a run: its median, which one noisy round cannot move, and the
 * range, which shows how noisy the rounds were.
 *
 * @param median the middle value (the upper middle for an even count)
 * @param min the smallest value
 * @param max the largest value
 * @param count how many values there were
 */
record Spread(double median, double min, double max, int count) {

	static Spread of(List<Double> values) {
		if (values.isEmpty()) {
			throw new IllegalArgumentException("A spread needs at least one value");
		}
		List<Double> sorted = values.stream().sorted().toList();
		return new Spread(sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
	}

	/**
	 * The median with the range in brackets, such as {@code 0.504 x (0.490-0.551)}.
	 * @param unit what follows each number, such as {@code " x"}, or empty
	 * @return the text
	 */
	String format(String unit) {
		String median = number(this.median) + unit;
		return (this.count == 1) ? median : median + " (" + number(this.min) + "-" + number(this.max) + ")";
	}

	private static String number(double value) {
		if (Math.abs(value) >= 100) {
			return String.format(Locale.ROOT, "%.0f", value);
		}
		return String.format(Locale.ROOT, (Math.abs(value) >= 1) ? "%.2f" : "%.3g", value);
	}

}
