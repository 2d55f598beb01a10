package io.github.managedworkers.benchmarks;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

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

/**
 * The drain itself (issue 28): 20,000 or 100,000 tasks in {@code ctx.sleep}, and the time from {@code drain} until
 * every one has ended and the report is out, its counts checked. The baseline is the least a stop can cost: as many
 * raw threads parked on a flag, which the stopping thread sets and then unparks each by hand, joining them all.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DrainBenchmark {

	@Param({ "20000", "100000" })
	public int tasks;

	@Param({ "managed-drain", "raw-unpark" })
	public String shape;

	private WorkerRegistry registry;

	private Thread[] raw;

	private volatile boolean stopped;

	@Setup(Level.Iteration)
	public void setUp() {
		this.stopped = false;
		if (this.shape.equals("managed-drain")) {
			this.registry = Managed.registry(ThreadMode.AUTO);
			WorkerHandle worker = Managed.worker(this.registry, "sleepers", this.tasks, Duration.ZERO);
			ParkedTasks.submit(worker, this.tasks);
			return;
		}
		ThreadFactory factory = Jvm.autoThreadFactory();
		AtomicInteger running = new AtomicInteger();
		Runnable park = () -> {
			running.incrementAndGet();
			while (!this.stopped) {
				LockSupport.park(this);
			}
		};
		this.raw = new Thread[this.tasks];
		for (int i = 0; i < this.tasks; i++) {
			this.raw[i] = factory.newThread(park);
			this.raw[i].start();
		}
		ParkedTasks.awaitCount(running, this.tasks);
	}

	@Benchmark
	public Object drain() throws InterruptedException {
		if (this.registry != null) {
			return Managed.drain(this.registry, this.tasks, Duration.ofSeconds(60));
		}
		this.stopped = true;
		for (Thread thread : this.raw) {
			LockSupport.unpark(thread);
		}
		for (Thread thread : this.raw) {
			thread.join();
		}
		return this.raw;
	}

	@TearDown(Level.Iteration)
	public void tearDown() {
		if (this.registry != null) {
			this.registry.close();
			this.registry = null;
		}
		this.raw = null;
	}

}
