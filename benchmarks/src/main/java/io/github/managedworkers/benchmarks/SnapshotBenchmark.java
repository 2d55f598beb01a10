package io.github.managedworkers.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

import io.github.managedworkers.TaskSnapshot;
import io.github.managedworkers.ThreadMode;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerSnapshot;

/**
 * What {@code /actuator/workers} costs with many live tasks: the registry's summary (counts only, over ten workers,
 * one of which holds every task), one worker's task list without and with stacks, and, as the floor, taking the
 * stacks of as many raw threads parked on the same primitive.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SnapshotBenchmark {

	/** Frames per task, as the endpoint's default cap. */
	static final int MAX_FRAMES = 64;

	@Param({ "10000", "100000" })
	public int liveTasks;

	private WorkerRegistry registry;

	private WorkerHandle busy;

	private ParkedTasks.Raw raw;

	@Setup(Level.Trial)
	public void setUp() {
		this.registry = Managed.registry(ThreadMode.AUTO);
		for (int i = 1; i < 10; i++) {
			Managed.worker(this.registry, "idle-" + i, 16, Duration.ZERO);
		}
		this.busy = Managed.worker(this.registry, "busy", this.liveTasks, Duration.ZERO);
		ParkedTasks.submit(this.busy, this.liveTasks);
		this.raw = new ParkedTasks.Raw(Jvm.autoThreadFactory(), this.liveTasks);
	}

	@TearDown(Level.Trial)
	public void tearDown() throws InterruptedException {
		Managed.drain(this.registry, this.liveTasks, Duration.ofSeconds(30));
		this.registry.close();
		this.raw.stopAndJoin();
	}

	@Benchmark
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public List<WorkerSnapshot> summary() {
		List<WorkerSnapshot> workers = new ArrayList<>();
		for (WorkerHandle worker : this.registry.workers()) {
			workers.add(worker.snapshot());
		}
		return workers;
	}

	@Benchmark
	public List<TaskSnapshot> taskList() {
		return this.busy.tasks(Integer.MAX_VALUE, 0);
	}

	@Benchmark
	public List<TaskSnapshot> taskListWithStacks() {
		return this.busy.tasks(Integer.MAX_VALUE, MAX_FRAMES);
	}

	@Benchmark
	public List<StackTraceElement[]> rawStacks() {
		List<StackTraceElement[]> stacks = new ArrayList<>(this.raw.threads.length);
		for (Thread thread : this.raw.threads) {
			stacks.add(thread.getStackTrace());
		}
		return stacks;
	}

}
