package io.github.managedworkers.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;

import io.github.managedworkers.ThreadMode;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;

/**
 * Memory per live parked task, in a JVM of its own: {@code count} managed tasks parked in {@code ctx.sleep}, or as
 * many raw threads parked on the same primitive ({@code managed} or {@code raw} as the first argument). Prints one
 * line: {@code RESULT <kind> <count> <heap bytes per task> <RSS bytes per task> <start ms> <stop ms>}. Virtual
 * threads on Java 21+, platform threads before.
 */
public final class ParkedMemoryProbe {

	private ParkedMemoryProbe() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 2 || !(args[0].equals("managed") || args[0].equals("raw"))) {
			throw new IllegalArgumentException("usage: ParkedMemoryProbe managed|raw <count>");
		}
		boolean managed = args[0].equals("managed");
		int count = Integer.parseInt(args[1]);
		// Load and link both code paths first, so that the figures are per task, not per class.
		run(managed, 1_000);

		long heapBefore = usedHeapAfterGc();
		long rssBefore = Jvm.residentBytes();
		long startNanos = System.nanoTime();
		Parked parked = start(managed, count);
		long startMillis = (System.nanoTime() - startNanos) / 1_000_000;
		long heapPerTask = (usedHeapAfterGc() - heapBefore) / count;
		long rssPerTask = (Jvm.residentBytes() - rssBefore) / count;
		long stopNanos = System.nanoTime();
		parked.stop();
		long stopMillis = (System.nanoTime() - stopNanos) / 1_000_000;
		System.out.println(String.format(Locale.ROOT, "RESULT %s %d %d %d %d %d", args[0], count, heapPerTask,
				rssPerTask, startMillis, stopMillis));
	}

	private static void run(boolean managed, int count) throws InterruptedException {
		start(managed, count).stop();
	}

	private interface Parked {

		void stop() throws InterruptedException;

	}

	private static Parked start(boolean managed, int count) {
		if (!managed) {
			ParkedTasks.Raw raw = new ParkedTasks.Raw(Jvm.autoThreadFactory(), count);
			return raw::stopAndJoin;
		}
		WorkerRegistry registry = Managed.registry(ThreadMode.AUTO);
		WorkerHandle worker = Managed.worker(registry, "parked", count, Duration.ZERO);
		ParkedTasks.submit(worker, count);
		return () -> {
			Managed.drain(registry, count, Duration.ofMinutes(2));
			registry.close();
		};
	}

	private static long usedHeapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
