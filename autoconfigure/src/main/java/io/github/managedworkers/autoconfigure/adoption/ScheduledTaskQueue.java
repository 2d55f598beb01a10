package io.github.managedworkers.autoconfigure.adoption;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.core.task.TaskRejectedException;

import io.github.managedworkers.RejectedTaskException;
import io.github.managedworkers.Worker;
import io.github.managedworkers.WorkerContext;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerState;

/**
 * The body of the one worker that runs every task scheduled on the adopted scheduler that is not a
 * {@code @Scheduled} method (what Spring Integration, Spring Session, Micrometer and the application's own code
 * schedule): a delay queue, and a loop that submits each task, when due, to the worker itself, where it runs through
 * the bulkhead as a live task with a stack. A thousand pending one-shot tasks are a thousand queue entries, not a
 * thousand workers. On a drain the loop ends, tasks in flight drain with the worker, and tasks still waiting are
 * cancelled, as Spring's schedulers cancel their delayed tasks on shutdown.
 */
final class ScheduledTaskQueue implements Worker {

	private static final Log logger = LogFactory.getLog(ScheduledTaskQueue.class);

	/** The name of the shared worker. */
	static final String WORKER = "scheduled-tasks";

	private final DelayQueue<Delayed> queue = new DelayQueue<>();

	private volatile @Nullable WorkerHandle worker;

	/** From the stop signal on, nothing more is taken; cleared when the worker starts again. */
	private volatile boolean draining;

	void attach(WorkerHandle worker) {
		this.worker = worker;
	}

	/**
	 * Queues a task for its first run.
	 * @throws TaskRejectedException once the worker began to drain
	 */
	void add(QueuedTask task) {
		checkAccepting(task);
		this.queue.add(task);
		if (this.draining) {
			// The drain may have swept the queue between the check and the add.
			this.queue.remove(task);
			checkAccepting(task);
		}
	}

	void requeue(QueuedTask task) {
		if (!this.draining) {
			this.queue.add(task);
		}
		else {
			task.cancel(false);
		}
	}

	void remove(QueuedTask task) {
		this.queue.remove(task);
	}

	/**
	 * Runs an action (the removal of a cancelled {@code @Scheduled} method's worker) on the shared worker at once.
	 * @return whether it was queued; not once the worker drains
	 */
	boolean runSoon(Runnable action) {
		if (this.draining) {
			return false;
		}
		this.queue.add(new Immediate(action));
		return true;
	}

	/**
	 * Whether the drain began, after which the adopted scheduler takes no new task.
	 * @return whether the shared worker stops or stopped (a worker not started yet is {@code NEW})
	 */
	boolean isDraining() {
		WorkerHandle current = this.worker;
		if (this.draining || current == null) {
			return this.draining;
		}
		WorkerState state = current.state();
		return state == WorkerState.STOPPING || state == WorkerState.STOPPED;
	}

	/**
	 * Refuses a task once the drain began.
	 * @throws TaskRejectedException naming the task
	 */
	void checkAccepting(Object task) {
		if (isDraining()) {
			throw new TaskRejectedException("The adopted task scheduler is draining (worker '" + WORKER
					+ "' stops with the application): " + task + " was not scheduled");
		}
	}

	/** The number of tasks waiting for their next run. */
	int waiting() {
		return this.queue.size();
	}

	@Override
	public void run(WorkerContext ctx) throws InterruptedException {
		this.draining = false;
		ctx.onStop(() -> {
			this.draining = true;
			this.queue.add(new Immediate(() -> {
			}));
		});
		WorkerHandle self = this.worker;
		if (self == null) {
			throw new IllegalStateException("Worker '" + WORKER + "' runs before it was attached");
		}
		while (!ctx.isStopping()) {
			Delayed next = this.queue.take();
			if (!ctx.isStopping()) {
				dispatch(next, self, ctx);
			}
		}
		cancelWaiting();
	}

	private void dispatch(Delayed next, WorkerHandle self, WorkerContext ctx) {
		if (next instanceof QueuedTask task && task.isDone()) {
			return;
		}
		while (true) {
			CompletableFuture<Boolean> run = self.submit((taskCtx) -> {
				if (next instanceof QueuedTask task) {
					task.run();
				}
				else {
					((Immediate) next).action.run();
				}
				return Boolean.TRUE;
			});
			RejectedTaskException rejected = AdoptedTaskExecutor.rejection(run);
			if (rejected == null) {
				return;
			}
			// A full bulkhead: the submit already waited max-wait; the task stays first in line.
			if (rejected.reason() != RejectedTaskException.Reason.FULL || ctx.isStopping()) {
				if (next instanceof QueuedTask task) {
					task.rejected(new TaskRejectedException(String.valueOf(rejected.getMessage()), rejected));
				}
				return;
			}
		}
	}

	private void cancelWaiting() {
		List<Delayed> left = new ArrayList<>();
		this.queue.drainTo(left);
		int cancelled = 0;
		for (Delayed delayed : left) {
			if (delayed instanceof QueuedTask task && task.cancel(false)) {
				cancelled++;
			}
		}
		if (cancelled > 0 && logger.isInfoEnabled()) {
			logger.info("Worker '" + WORKER + "' stopped with " + cancelled
					+ " scheduled tasks not yet due; they are cancelled, as Spring's schedulers do on shutdown");
		}
	}

	/** An action due at once, ahead of every task already due. */
	private record Immediate(Runnable action) implements Delayed {

		@Override
		public long getDelay(TimeUnit unit) {
			return Long.MIN_VALUE;
		}

		@Override
		public int compareTo(Delayed other) {
			return (other instanceof Immediate) ? 0 : -1;
		}

	}

}
