package io.github.managedworkers.benchmarks;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerSpec;

/**
 * Stop latency: 10,000 idle tasks waiting in {@code ctx.sleep(10s)}, or 10,000 idle loop workers, and the time from
 * {@code drain} until every one has exited. The baseline is what a user does without a stop signal: an executor's
 * {@code shutdownNow()}, which interrupts each of its threads sleeping in {@code Thread.sleep(10s)}, and
 * {@code awaitTermination}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StopBenchmark {

	static final int IDLE = 10_000;

	static final Duration NAP = Duration.ofSeconds(10);

	@Param({ "managed-tasks", "managed-loop-workers", "raw-shutdown-now" })
	public String shape;

	private WorkerRegistry registry;

	private ExecutorService executor;

	@Setup(Level.Iteration)
	public void setUp() {
		AtomicInteger waiting = new AtomicInteger();
		switch (this.shape) {
			case "managed-tasks" -> {
				this.registry = Managed.registry(ThreadMode.AUTO);
				Managed.worker(this.registry, "idle", IDLE, Duration.ZERO);
				for (int i = 0; i < IDLE; i++) {
					this.registry.get("idle").submit((ctx) -> {
						waiting.incrementAndGet();
						return ctx.sleep(NAP);
					});
				}
			}
			case "managed-loop-workers" -> {
				this.registry = Managed.registry(ThreadMode.AUTO);
				for (int i = 0; i < IDLE; i++) {
					this.registry.register(WorkerSpec.builder("loop-" + i).build(), (ctx) -> {
						waiting.incrementAndGet();
						while (!ctx.isStopping()) {
							ctx.sleep(NAP);
						}
					});
				}
			}
			case "raw-shutdown-now" -> {
				// The baseline's own threads: stop() shuts the executor down and waits until all of them ended.
				this.executor = Jvm.hasVirtualThreads() ? Jvm.newVirtualThreadPerTaskExecutor()
						: Executors.newCachedThreadPool(Jvm::platformThread);
				for (int i = 0; i < IDLE; i++) {
					this.executor.submit(() -> {
						waiting.incrementAndGet();
						Thread.sleep(NAP.toMillis());
						return null;
					});
				}
			}
			default -> throw new IllegalArgumentException("shape: " + this.shape);
		}
		ParkedTasks.awaitCount(waiting, IDLE);
	}

	@Benchmark
	public Object stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			SpawnJoinBenchmark.awaitTermination(this.executor);
			return this.executor;
		}
		return Managed.drain(this.registry, IDLE, Duration.ofSeconds(30));
	}

	@TearDown(Level.Iteration)
	public void tearDown() {
		if (this.registry != null) {
			this.registry.close();
			this.registry = null;
		}
		this.executor = null;
	}

}
