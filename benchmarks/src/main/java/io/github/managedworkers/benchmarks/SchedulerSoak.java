package io.github.managedworkers.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.EnableScheduling;

import io.github.managedworkers.WorkerRegistry;

/**
 * A soak, not a JMH benchmark: one-shot tasks at a steady rate through the application's {@link TaskScheduler}, as
 * Spring Integration's delayer or the application's own {@code schedule(..)} calls make them, through the adopted
 * scheduler and through Boot's own {@code ThreadPoolTaskScheduler} (adoption off) in the same JVM, one after the
 * other. It samples, every tenth of the run, the heap after a full GC, the JVM's live platform threads, the registry's
 * workers and the tasks not yet run; and it measures the process CPU time per task. Bounded: it ends when every task
 * ran, or fails after a minute of waiting.
 */
public final class SchedulerSoak {

	private static final int SAMPLES = 10;

	private SchedulerSoak() {
	}

	/**
	 * Runs the soak on one scheduler.
	 * @param adopted whether the starter adopts the scheduler (else Boot's own runs the tasks)
	 * @param tasks how many one-shot tasks
	 * @param perSecond the steady rate at which they are scheduled
	 * @return the samples and the cost
	 */
	static Result run(boolean adopted, int tasks, int perSecond) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SoakApp.class)
			.web(WebApplicationType.NONE)
			.properties("managed-workers.adopt.scheduled=" + adopted, "logging.level.root=warn")
			.run();
		try {
			TaskScheduler scheduler = context.getBean(TaskScheduler.class);
			WorkerRegistry registry = context.getBean(WorkerRegistry.class);
			LongAdder ran = new LongAdder();
			Runnable task = ran::increment;
			List<Sample> samples = new ArrayList<>();
			samples.add(sample(0, ran, registry));
			com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
				.getOperatingSystemMXBean();
			long cpuStart = os.getProcessCpuTime();
			long start = System.nanoTime();
			long nanosPerTask = TimeUnit.SECONDS.toNanos(1) / perSecond;
			int every = tasks / SAMPLES;
			for (int i = 1; i <= tasks; i++) {
				long due = start + i * nanosPerTask;
				long early = due - System.nanoTime();
				if (early > 50_000) {
					LockSupport.parkNanos(early);
				}
				scheduler.schedule(task, Instant.now().plusMillis(5));
				if (i % every == 0) {
					long cpuBefore = os.getProcessCpuTime();
					samples.add(sample(i, ran, registry));
					// The sample's full GC is no cost of the tasks.
					cpuStart += os.getProcessCpuTime() - cpuBefore;
				}
			}
			long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
			while (ran.sum() < tasks) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException(ran.sum() + " of " + tasks + " tasks ran within a minute");
				}
				LockSupport.parkNanos(1_000_000);
			}
			long cpu = os.getProcessCpuTime() - cpuStart;
			return new Result(adopted, tasks, perSecond, samples, cpu / 1000.0 / tasks,
					(System.nanoTime() - start) / 1e9);
		}
		finally {
			context.close();
		}
	}

	private static Sample sample(int scheduled, LongAdder ran, WorkerRegistry registry) {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		System.gc();
		return new Sample(scheduled, memory.getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0),
				threads.getThreadCount(), registry.workers().size(), scheduled - ran.sum());
	}

	/** One sample: after {@code scheduled} tasks were scheduled. */
	record Sample(int scheduled, double heapMb, int threads, int workers, long notYetRun) {
	}

	/** The soak's outcome on one scheduler. */
	record Result(boolean adopted, int tasks, int perSecond, List<Sample> samples, double cpuMicrosPerTask,
			double seconds) {
	}

	/** The application: scheduling on, nothing of managed-workers' API. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableScheduling
	public static class SoakApp {

	}

}
