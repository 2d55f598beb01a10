package io.github.managedworkers.benchmarks;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.managedworkers.WorkerHandle;

/**
 * Many tasks parked at once: managed ones in {@code ctx.sleep}, or raw threads on the same primitive (a latch that
 * one stop opens), so that the difference between the two is what ownership adds.
 */
final class ParkedTasks {

	/** Long enough never to end by itself during a benchmark. */
	static final Duration PARK = Duration.ofHours(1);

	private ParkedTasks() {
	}

	/** Submits {@code count} tasks that sleep until the worker stops, and waits until every one of them runs. */
	static void submit(WorkerHandle worker, int count) {
		AtomicInteger running = new AtomicInteger();
		for (int i = 0; i < count; i++) {
			worker.submit((ctx) -> {
				running.incrementAndGet();
				return ctx.sleep(PARK);
			});
		}
		awaitCount(running, count);
	}

	/** Raw threads parked on a latch that the caller opens to stop them. */
	static final class Raw {

		final Thread[] threads;

		private final CountDownLatch stop = new CountDownLatch(1);

		Raw(ThreadFactory factory, int count) {
			this.threads = new Thread[count];
			AtomicInteger running = new AtomicInteger();
			Runnable park = () -> {
				running.incrementAndGet();
				try {
					this.stop.await(PARK.toNanos(), TimeUnit.NANOSECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			};
			for (int i = 0; i < count; i++) {
				this.threads[i] = factory.newThread(park);
				this.threads[i].start();
			}
			awaitCount(running, count);
		}

		void stopAndJoin() throws InterruptedException {
			this.stop.countDown();
			for (Thread thread : this.threads) {
				thread.join();
			}
		}

	}

	/** Waits until a count is reached: the tasks are being started on other threads, which may take seconds. */
	static void awaitCount(AtomicInteger counter, int expected) {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
		while (counter.get() < expected) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(counter.get() + " of " + expected + " tasks running after 2 minutes");
			}
			Thread.onSpinWait();
			Thread.yield();
		}
	}

}
