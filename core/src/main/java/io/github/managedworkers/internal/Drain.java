package io.github.managedworkers.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.managedworkers.DrainReport;
import io.github.managedworkers.StopCause;
import io.github.managedworkers.TaskSnapshot;
import io.github.managedworkers.WorkerRegistry;

/**
 * Drains workers together, against one deadline, as Spring's executors shut down in two phases: reject new work and
 * signal stop, wait for live tasks until the deadline, interrupt the rest, and after a grace report every task still
 * alive as abandoned, with its stack. Runs on the caller's thread.
 */
final class Drain {

	private static final Logger logger = LoggerFactory.getLogger(WorkerRegistry.class);

	private final List<WorkerRuntime> draining = new ArrayList<>();

	private final List<WorkerRuntime> drainedElsewhere = new ArrayList<>();

	private boolean callerInterrupted;

	private Drain() {
	}

	static DrainReport run(List<WorkerRuntime> workers, Duration timeout, Duration grace, StopCause cause) {
		return new Drain().drain(workers, timeout, grace, cause);
	}

	private DrainReport drain(List<WorkerRuntime> workers, Duration timeout, Duration grace, StopCause cause) {
		long start = System.nanoTime();
		// 1. Reject new work, waiting submitters included.
		for (WorkerRuntime worker : workers) {
			switch (worker.beginStop()) {
				case DRAINING -> this.draining.add(worker);
				case ALREADY_DRAINING -> this.drainedElsewhere.add(worker);
				case NOTHING_TO_DO -> {
				}
			}
		}
		int count = this.draining.size();
		int[] atStart = liveCounts();
		long[][] endedAtStart = endedCounts();
		// 2. Signal stop: every worker hears it before any callback runs, since callbacks are user code and may be slow.
		for (WorkerRuntime worker : this.draining) {
			worker.signalStop(cause);
		}
		// 3. Run the stop callbacks.
		for (WorkerRuntime worker : this.draining) {
			worker.fireStopCallbacks();
		}
		// 4. Wait for the live tasks until the deadline.
		long deadline = start + StopSignal.saturatedNanos(timeout);
		awaitIdle(deadline);
		// 4½. Drop what was accepted but never started: queued tasks get no thread after the deadline. Counted live
		// after that, so that a task its executor started meanwhile is interrupted too.
		int[] notStarted = new int[count];
		for (int i = 0; i < count; i++) {
			notStarted[i] = this.draining.get(i).cancelQueued();
		}
		int[] atDeadline = liveCounts();
		// 5. Interrupt those that ignored the signal, and give them a grace.
		if (sum(atDeadline) > 0) {
			for (WorkerRuntime worker : this.draining) {
				worker.interruptLive();
			}
			deadline = System.nanoTime() + StopSignal.saturatedNanos(grace);
			awaitIdle(deadline);
		}
		// 6. Join the body supervisors: between body runs they hold no task, and end as soon as they see the signal.
		for (WorkerRuntime worker : this.draining) {
			joinSupervisor(worker, deadline);
		}
		// 7. Report every task still alive as abandoned; 8. mark each worker STOPPED with its own report.
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		// Built once rather than by and(), which copies: a registry may drain 10,000 workers together.
		List<String> drained = new ArrayList<>(count);
		List<TaskSnapshot> allAbandoned = new ArrayList<>();
		int finished = 0;
		int interrupted = 0;
		int unstarted = 0;
		for (int i = 0; i < count; i++) {
			WorkerRuntime worker = this.draining.get(i);
			List<TaskSnapshot> abandoned = worker.abandonLive();
			DrainReport own;
			if (worker instanceof ExecutorWorkerRuntime) {
				// Its executor starts queued tasks during the drain: count how its tasks ended, not who was live. A
				// task the drain interrupted counts as interrupted however it ended (a FutureTask swallows the
				// interrupt's exception).
				long[] ended = worker.endedTasks();
				own = new DrainReport(List.of(worker.name()), elapsed, (int) (ended[0] - endedAtStart[i][0]),
						(int) (ended[1] - endedAtStart[i][1]), notStarted[i], abandoned);
			}
			else {
				own = new DrainReport(List.of(worker.name()), elapsed, Math.max(0, atStart[i] - atDeadline[i]),
						Math.max(0, atDeadline[i] - abandoned.size()), abandoned);
			}
			worker.endStop(own);
			drained.add(worker.name());
			allAbandoned.addAll(abandoned);
			finished += own.finished();
			interrupted += own.interrupted();
			unstarted += own.notStarted();
		}
		DrainReport report = new DrainReport(drained, elapsed, finished, interrupted, unstarted, allAbandoned);
		if (count > 0) {
			log(report, cause);
		}
		report = report.and(awaitDrainedElsewhere(timeout.plus(grace)));
		if (this.callerInterrupted) {
			Thread.currentThread().interrupt();
		}
		if (report.workers().isEmpty()) {
			List<String> names = new ArrayList<>();
			workers.forEach((worker) -> names.add(worker.name()));
			return DrainReport.empty(names);
		}
		return report;
	}

	private void awaitIdle(long deadlineNanos) {
		for (WorkerRuntime worker : this.draining) {
			if (this.callerInterrupted) {
				return;
			}
			try {
				worker.awaitIdle(deadlineNanos);
			}
			catch (InterruptedException ex) {
				// Whoever interrupted the drain wants it over: go on to interrupting, then restore the flag.
				this.callerInterrupted = true;
			}
		}
	}

	private void joinSupervisor(WorkerRuntime worker, long deadlineNanos) {
		if (this.callerInterrupted) {
			return;
		}
		try {
			worker.joinSupervisor(deadlineNanos);
		}
		catch (InterruptedException ex) {
			this.callerInterrupted = true;
		}
	}

	private DrainReport awaitDrainedElsewhere(Duration bound) {
		DrainReport report = DrainReport.empty(List.of());
		long deadline = System.nanoTime() + StopSignal.saturatedNanos(bound.plusSeconds(1));
		for (WorkerRuntime worker : this.drainedElsewhere) {
			try {
				long remaining = Math.max(0, deadline - System.nanoTime());
				report = report.and(worker.drainDone().get(remaining, TimeUnit.NANOSECONDS));
			}
			catch (InterruptedException ex) {
				this.callerInterrupted = true;
				return report;
			}
			catch (ExecutionException | TimeoutException ex) {
				logger.warn("Gave up waiting for the drain of worker '{}' that another caller started", worker.name());
			}
		}
		return report;
	}

	private int[] liveCounts() {
		int[] counts = new int[this.draining.size()];
		for (int i = 0; i < counts.length; i++) {
			counts[i] = this.draining.get(i).activeTasks();
		}
		return counts;
	}

	private long[][] endedCounts() {
		long[][] counts = new long[this.draining.size()][];
		for (int i = 0; i < counts.length; i++) {
			counts[i] = this.draining.get(i).endedTasks();
		}
		return counts;
	}

	private static int sum(int[] counts) {
		int sum = 0;
		for (int count : counts) {
			sum += count;
		}
		return sum;
	}

	private static void log(DrainReport report, StopCause cause) {
		String summary = (cause == StopCause.DRAIN) ? report.summary() : report.summary() + " (cause " + cause + ")";
		if (report.isClean()) {
			logger.info(summary);
		}
		else {
			logger.warn("{}; {}", summary, (report.notStarted() > 0)
					? "tasks still queued at the deadline never started, and their futures were cancelled"
					: "interrupted tasks ignored the stop signal");
		}
	}

}
