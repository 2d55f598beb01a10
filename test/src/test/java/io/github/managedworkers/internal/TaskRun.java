package io.github.managedworkers.internal;

/**
 * A stand-in for managed-workers-core's task runner, which this module cannot depend on (core's tests depend on
 * it): a thread that runs it has the frame by which the leak checks recognise a task of a managed worker.
 */
public final class TaskRun implements Runnable {

	private final Runnable task;

	public TaskRun(Runnable task) {
		this.task = task;
	}

	@Override
	public void run() {
		this.task.run();
	}

}
