package io.github.managedworkers;

/**
 * A worker whose tasks run on the threads of an {@link ExternalExecutor}, registered with
 * {@link WorkerRegistry#register(WorkerSpec, ExternalExecutor)}. It is {@link WorkerState#RUNNING} from its
 * registration, since its executor already takes tasks, and it stops only with the registry's drain: its executor
 * belongs to someone else, and does not start again once shut down. {@link #stop(java.time.Duration)} and
 * {@link #start()} after a stop throw {@link IllegalStateException}; {@link #resize(int)} resizes the executor when it
 * can be resized; {@link #pause()}, {@link #resume()} and {@link #trigger()} throw as for any worker without a
 * schedule.
 */
public interface ExecutorWorker extends WorkerHandle {

	/**
	 * Wraps a task of the executor so that, when it runs, on whatever thread, it is a live task of this worker:
	 * listed with its stack, counted, seen by {@link WorkerContext#current()}, interrupted by the drain if it
	 * outlives the deadline. What the task throws is counted as a failure and thrown on to the executor. A wrapper may
	 * run several times (a periodic task): each run is one task.
	 * @param task the executor's task
	 * @return the tracked task, to hand to the executor's thread
	 */
	Runnable track(Runnable task);

	/**
	 * As {@link #track(Runnable)}, with a name the endpoint shows for the task (a {@code @Scheduled} method).
	 * @param task the executor's task
	 * @param name what the task runs, or {@code null}
	 * @return the tracked task
	 */
	Runnable track(Runnable task, @org.jspecify.annotations.Nullable String name);

}
