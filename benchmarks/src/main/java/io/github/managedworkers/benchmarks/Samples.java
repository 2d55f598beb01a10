package io.github.managedworkers.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Measurements of one case: reported as median and spread (min to max), never as a lone mean. */
final class Samples {

	private final List<Double> values = new ArrayList<>();

	void add(double value) {
		this.values.add(value);
	}

	double median() {
		List<Double> sorted = sorted();
		int n = sorted.size();
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	String spread() {
		List<Double> sorted = sorted();
		return format(sorted.get(0)) + "–" + format(sorted.get(sorted.size() - 1)) + " (n=" + sorted.size() + ")";
	}

	private List<Double> sorted() {
		if (this.values.isEmpty()) {
			throw new IllegalStateException("no measurement");
		}
		List<Double> sorted = new ArrayList<>(this.values);
		Collections.sort(sorted);
		return sorted;
	}

	static String format(double value) {
		if (value >= 100) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		if (value >= 10) {
			return String.format(Locale.ROOT, "%.1f", value);
		}
		return String.format(Locale.ROOT, "%.2f", value);
	}

}
