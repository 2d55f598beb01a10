package io.github.managedworkers;

/**
 * The body of a worker. A loop body runs until {@link WorkerContext#isStopping()}; a periodic body does one round
 * of work and returns.
 *
 * <pre>{@code
 * public void run(WorkerContext ctx) {
 *     while (!ctx.isStopping()) {
 *         pollOnce();
 *         ctx.sleep(Duration.ofSeconds(1));
 *     }
 * }
 * }</pre>
 *
 * An exception thrown here is logged, counted and, as the worker's {@link RestartPolicy} says, followed by a
 * restart with exponential backoff.
 */
@FunctionalInterface
public interface Worker {

	/**
	 * Runs the body.
	 * @param ctx the worker's context: its stop signal, stop-aware sleep, and task submission
	 * @throws Exception any failure, which the worker logs, counts and handles by its restart policy
	 */
	void run(WorkerContext ctx) throws Exception;

}
