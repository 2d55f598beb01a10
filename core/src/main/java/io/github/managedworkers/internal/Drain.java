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
 * alive as abandoned. Each task it found is counted once, by how it ended: finished, interrupted (it ended with the
 * interrupt's failure) or abandoned (still running once the grace had passed). Runs on the caller's thread; after
 * the grace it does a few steps per task and takes a bounded number of stacks, so it ends within timeout + grace +
 * a few milliseconds per 10,000 tasks.
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
		// Each worker's live tasks, noted before the signal can end any: the report counts each by how it ends.
		List<List<TaskRun<?>>> found = new ArrayList<>(count);
		for (WorkerRuntime worker : this.draining) {
			found.add(worker.liveTasks());
		}
		// 2. Signal stop: every worker hears it before any callback runs, since callbacks are user code and may be slow.
		for (WorkerRuntime worker : this.draining) {
			worker.signalStop(cause);
		}
		// 3. Run the stop callbacks.
		for (int i = 0; i < count; i++) {
			this.draining.get(i).fireStopCallbacks(found.get(i));
		}
		// 4. Wait for the live tasks until the deadline.
		long deadline = start + StopSignal.saturatedNanos(timeout);
		awaitIdle(deadline);
		// At the deadline, queued tasks that have not started never will.
		int[] notStarted = new int[count];
		for (int i = 0; i < count; i++) {
			notStarted[i] = this.draining.get(i).closeQueue();
		}
		// 5. Interrupt those that ignored the signal, and give them a grace.
		if (anyLive()) {
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
		// 7. Abandon every task still alive, count the others by how they ended; 8. mark each worker STOPPED.
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		// Built once rather than by and(), which copies: a registry may drain 10,000 workers together.
		List<String> drained = new ArrayList<>(count);
		List<TaskSnapshot> allAbandoned = new ArrayList<>();
		int finished = 0;
		int interrupted = 0;
		int neverStarted = 0;
		for (int i = 0; i < count; i++) {
			WorkerRuntime worker = this.draining.get(i);
			DrainReport own = worker.abandonLive(found.get(i), notStarted[i], elapsed);
			worker.endStop(own);
			drained.add(worker.name());
			allAbandoned.addAll(own.abandoned());
			finished += own.finished();
			interrupted += own.interrupted();
			neverStarted += own.notStarted();
		}
		DrainReport report = new DrainReport(drained, elapsed, finished, interrupted, allAbandoned, neverStarted);
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

	private boolean anyLive() {
		for (WorkerRuntime worker : this.draining) {
			if (worker.activeTasks() > 0) {
				return true;
			}
		}
		return false;
	}

	private static void log(DrainReport report, StopCause cause) {
		String summary = (cause == StopCause.DRAIN) ? report.summary() : report.summary() + " (cause " + cause + ")";
		if (report.isClean()) {
			logger.info(summary);
		}
		else {
			logger.warn("{}{}", summary, (report.interrupted() + report.abandoned().size() > 0)
					? "; interrupted tasks ignored the stop signal" : "");
		}
	}

}
