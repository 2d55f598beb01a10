package io.github.managedworkers.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.github.managedworkers.ThreadMode;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.autoconfigure.metrics.UnownedThreadsMetrics;

/**
 * One read of the {@code workers.threads.unowned} gauge, what each scrape pays: the JVM's thread ids minus the
 * registry's own, with {@code threads} unowned platform threads parked and as many live tasks of the registry.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class UnownedThreadsBenchmark {

	@Param({ "50", "1000" })
	public int threads;

	private final CountDownLatch release = new CountDownLatch(1);

	private final List<Thread> unowned = new ArrayList<>();

	private WorkerRegistry registry;

	private UnownedThreadsMetrics gauge;

	@Setup(Level.Trial)
	public void setUp() {
		this.registry = Managed.registry(ThreadMode.PLATFORM);
		WorkerHandle worker = Managed.worker(this.registry, "parked", this.threads, Duration.ZERO);
		for (int i = 0; i < this.threads; i++) {
			worker.submit((ctx) -> this.release.await(10, TimeUnit.MINUTES));
			Thread thread = Jvm.platformThread(() -> {
				try {
					this.release.await(10, TimeUnit.MINUTES);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			thread.start();
			this.unowned.add(thread);
		}
		this.gauge = new UnownedThreadsMetrics(() -> this.registry);
	}

	@TearDown(Level.Trial)
	public void tearDown() throws InterruptedException {
		this.release.countDown();
		for (Thread thread : this.unowned) {
			thread.join();
		}
		this.registry.close();
	}

	@Benchmark
	public int readGauge() {
		return this.gauge.count();
	}

}
