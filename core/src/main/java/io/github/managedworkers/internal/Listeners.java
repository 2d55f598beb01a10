package io.github.managedworkers.internal;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.managedworkers.LeadershipChange;
import io.github.managedworkers.RejectedTaskException;
import io.github.managedworkers.TaskKind;
import io.github.managedworkers.TaskOutcome;
import io.github.managedworkers.TaskSnapshot;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerListener;
import io.github.managedworkers.WorkerState;

/**
 * The registry's listeners as one: a listener that throws is logged and does not stop the others, nor the task
 * that raised the event.
 */
final class Listeners implements WorkerListener {

	private static final Logger logger = LoggerFactory.getLogger(WorkerListener.class);

	private final WorkerListener[] listeners;

	Listeners(List<WorkerListener> listeners) {
		this.listeners = listeners.toArray(new WorkerListener[0]);
	}

	@Override
	public void workerRegistered(WorkerHandle worker) {
		for (WorkerListener listener : this.listeners) {
			try {
				listener.workerRegistered(worker);
			}
			catch (RuntimeException ex) {
				failed(listener, "workerRegistered", worker, ex);
			}
		}
	}

	@Override
	public void workerRemoved(WorkerHandle worker) {
		for (WorkerListener listener : this.listeners) {
			try {
				listener.workerRemoved(worker);
			}
			catch (RuntimeException ex) {
				failed(listener, "workerRemoved", worker, ex);
			}
		}
	}

	@Override
	public void stateChanged(WorkerHandle worker, WorkerState from, WorkerState to) {
		for (WorkerListener listener : this.listeners) {
			try {
				listener.stateChanged(worker, from, to);
			}
			catch (RuntimeException ex) {
				failed(listener, "stateChanged", worker, ex);
			}
		}
	}

	@Override
	public void taskStarted(WorkerHandle worker, TaskKind kind) {
		for (WorkerListener listener : this.listeners) {
			try {
				listener.taskStarted(worker, kind);
			}
			catch (RuntimeException ex) {
				failed(listener, "taskStarted", worker, ex);
			}
		}
	}

	@Override
	public void taskFinished(WorkerHandle worker, TaskKind kind, TaskOutcome outcome, long durationNanos,
			@Nullable Throwable failure) {
		for (WorkerListener listener : this.listeners) {
			try {
				listener.taskFinished(worker, kind, outcome, durationNanos, failure);
			}
			catch (RuntimeException ex) {
				failed(listener, "taskFinished", worker, ex);
			}
		}
	}

	@Override
	public void taskRejected(WorkerHandle worker, RejectedTaskException rejection) {
		for (WorkerListener listener : this.listeners) {
			try {
				listener.taskRejected(worker, rejection);
			}
			catch (RuntimeException ex) {
				failed(listener, "taskRejected", worker, ex);
			}
		}
	}

	@Override
	public void restarted(WorkerHandle worker, @Nullable Throwable cause, Duration backoff) {
		for (WorkerListener listener : this.listeners) {
			try {
				listener.restarted(worker, cause, backoff);
			}
			catch (RuntimeException ex) {
				failed(listener, "restarted", worker, ex);
			}
		}
	}

	@Override
	public void abandoned(WorkerHandle worker, TaskSnapshot task) {
		for (WorkerListener listener : this.listeners) {
			try {
				listener.abandoned(worker, task);
			}
			catch (RuntimeException ex) {
				failed(listener, "abandoned", worker, ex);
			}
		}
	}

	@Override
	public void leadershipChanged(WorkerHandle worker, LeadershipChange change) {
		for (WorkerListener listener : this.listeners) {
			try {
				listener.leadershipChanged(worker, change);
			}
			catch (RuntimeException ex) {
				failed(listener, "leadershipChanged", worker, ex);
			}
		}
	}

	private static void failed(WorkerListener listener, String event, WorkerHandle worker, RuntimeException ex) {
		logger.warn("Listener {} failed on {} of worker '{}'", listener, event, worker.name(), ex);
	}

}
