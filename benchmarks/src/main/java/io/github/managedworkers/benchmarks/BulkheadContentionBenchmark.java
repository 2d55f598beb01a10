package io.github.managedworkers.benchmarks;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.github.managedworkers.ThreadMode;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;

/**
 * Submit under a full bulkhead: {@code submitters} threads share 20,000 submits of a short task into a worker that
 * runs at most 2 at a time (this machine's cores), each submit waiting for a permit. The baselines are the same bound
 * written by hand: a fair {@link Semaphore} taken before a new raw thread starts and released when its task ends, taken
 * with {@code acquire()} ({@code semaphore}) or, as the bulkhead's {@code maxWait} makes it, with a timed
 * {@code tryAcquire} ({@code timed-semaphore}). The score is per submitted task.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(BulkheadContentionBenchmark.SUBMITS)
public class BulkheadContentionBenchmark {

	static final int SUBMITS = 20_000;

	static final int LIMIT = 2;

	@Param({ "2", "64", "10000" })
	public int submitters;

	@Param({ "managed", "semaphore", "timed-semaphore" })
	public String impl;

	private final ThreadFactory submitterThreads = Jvm.autoThreadFactory();

	/** A new thread per task, as a managed worker starts one: virtual on Java 21+, platform before. */
	private final ThreadFactory rawThreads = Jvm.autoThreadFactory();

	private WorkerRegistry registry;

	private WorkerHandle worker;

	private Semaphore semaphore;

	private boolean timed;

	@Setup(Level.Trial)
	public void setUp() {
		if ("managed".equals(this.impl)) {
			this.registry = Managed.registry(ThreadMode.AUTO);
			this.worker = Managed.worker(this.registry, "contended", LIMIT, Duration.ofSeconds(60));
		}
		else {
			this.semaphore = new Semaphore(LIMIT, true);
			this.timed = "timed-semaphore".equals(this.impl);
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		if (this.registry != null) {
			long rejected = this.worker.snapshot().rejected();
			this.registry.close();
			if (rejected > 0) {
				throw new IllegalStateException(rejected + " submits were rejected: the bulkhead's wait ran out");
			}
		}
	}

	@Benchmark
	public long submitUnderContention() throws Exception {
		Future<?>[] futures = new Future<?>[SUBMITS];
		int share = SUBMITS / this.submitters;
		Thread[] threads = new Thread[this.submitters];
		for (int s = 0; s < this.submitters; s++) {
			int from = s * share;
			int to = (s == this.submitters - 1) ? SUBMITS : from + share;
			threads[s] = this.submitterThreads.newThread(() -> {
				for (int i = from; i < to; i++) {
					futures[i] = submit(i);
				}
			});
			threads[s].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		long sum = 0;
		for (Future<?> future : futures) {
			sum += (Integer) future.get();
		}
		return sum;
	}

	private Future<Integer> submit(int value) {
		if (this.worker != null) {
			return this.worker.submit((ctx) -> value);
		}
		try {
			if (this.timed) {
				if (!this.semaphore.tryAcquire(60, TimeUnit.SECONDS)) {
					throw new IllegalStateException("no permit within 60 s");
				}
			}
			else {
				this.semaphore.acquire();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return CompletableFuture.failedFuture(ex);
		}
		FutureTask<Integer> task = new FutureTask<>(() -> {
			try {
				return value;
			}
			finally {
				this.semaphore.release();
			}
		});
		this.rawThreads.newThread(task).start();
		return task;
	}

}
