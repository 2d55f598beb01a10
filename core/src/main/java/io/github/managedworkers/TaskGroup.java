package io.github.managedworkers;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Tasks of one worker that succeed or fail together, as Go's {@code errgroup.Group} with its derived context: the
 * first failure stops the others, and {@link #join()} returns every result in submit order or throws that failure.
 * Open one with {@link WorkerContext#group()} inside a body or task, or {@link WorkerHandle#group()} from outside, and
 * always in try-with-resources:
 *
 * <pre>{@code
 * try (TaskGroup<Price> group = ctx.group(4)) {          // g, ctx := errgroup.WithContext(ctx); g.SetLimit(4)
 *     for (String sku : skus) {
 *         group.submit(c -> prices.fetch(sku, c));      // g.Go(func() error { ... })
 *     }
 *     List<Price> all = group.join();                   // if err := g.Wait(); err != nil { return err }
 * }                                                      // nothing of the group runs past this line
 * }</pre>
 * <p>
 * Its tasks are ordinary tasks of the worker: each holds a permit of the worker's bulkhead, shows in its snapshot,
 * and is drained with it. What they share is a stop signal, a child of the one their group's creator sees: the
 * group's tasks see {@link WorkerContext#isStopping()} turn true, their sleeps wake and their {@code onStop} callbacks
 * run when a task of the group fails, when the group is closed, times out or is stopped from above (its worker
 * drains, or the group it was created in stops). A stop flows down to groups opened inside the group's tasks, never
 * up. When the group stopped itself, the thread in {@code join} or {@code close} interrupts the tasks still running
 * the registry's interrupt grace later: the signal wakes the tasks that heed it, the interrupt is for the few that do
 * not. (A stop from above is the drain's to follow up.)
 * <p>
 * A task of a group that waits for a child group on the same, full bulkhead can deadlock, as in errgroup with a
 * limit: give the worker room for both levels, or bound the child group below the free permits.
 *
 * @param <T> the result type of the group's tasks
 */
public interface TaskGroup<T extends @Nullable Object> extends AutoCloseable {

	/**
	 * Submits a task to the group, errgroup's {@code Go}. It first waits for a free slot when the group has a
	 * {@code maxConcurrency} (however long it takes, until the group stops; an interrupt stops the group and keeps
	 * the thread's interrupt flag set), then goes through the worker's bulkhead as {@link WorkerHandle#submit(Task)}
	 * does, waiting up to the worker's {@code maxWait} for a permit.
	 * <p>
	 * A rejected submit fails the group like a failed task, so that {@link #join()} never returns a list with a hole;
	 * a submit to a group that has stopped returns a future failed with a {@link RejectedTaskException} of reason
	 * {@code GROUP_STOPPED}. Tasks of the group may submit more tasks to it.
	 * @param task the task
	 * @return the task's future
	 * @throws IllegalStateException if the group was joined or closed
	 */
	CompletableFuture<T> submit(Task<T> task);

	/**
	 * Submits a task only if it can start now, errgroup's {@code TryGo}: it never waits, neither for a slot of the
	 * group nor for a permit of the worker. A {@code false} changes nothing: no rejection is counted and the group
	 * goes on. (When another submit takes the worker's last permit at the same instant, it may wait up to the
	 * worker's {@code maxWait}, as the bulkhead offers no test-and-take without a wait.)
	 * @param task the task
	 * @return {@code true} if the task started; {@code false} if the group or the worker had no free slot, or either
	 * is stopping or not running
	 * @throws IllegalStateException if the group was joined or closed
	 */
	boolean trySubmit(Task<T> task);

	/**
	 * Waits for every task of the group to end, those its tasks submit meanwhile included, errgroup's {@code Wait}.
	 * Then the group stops, as errgroup's context is cancelled when {@code Wait} returns, and takes no more tasks. A
	 * task that ignores both the stop and the interrupt holds it up, as it would hold up {@code Wait}: bound the wait
	 * with {@link #join(Duration)}.
	 * @return the results of the group's tasks, in submit order
	 * @throws TaskGroupException when not every task completed: reason {@code FAILED} with the first failure as its
	 * cause and the later ones suppressed (an {@code InterruptedException} or rejection caused by the group's own stop
	 * is not counted), or {@code STOPPED} if the group was stopped from above before its tasks completed
	 * @throws InterruptedException if the calling thread is interrupted; the group goes on, and {@link #close()}
	 * stops it
	 * @throws IllegalStateException if the group was already joined, or closed
	 */
	List<T> join() throws InterruptedException;

	/**
	 * Waits for every task of the group to end, as {@link #join()}, but no longer than the timeout. When the timeout
	 * passes first, the group is stopped and a {@link TaskGroupException} of reason {@code TIMED_OUT} is thrown at
	 * once; {@link #close()} then waits for the stopped tasks to end.
	 * @param timeout how long to wait, zero or more
	 * @return the results of the group's tasks, in submit order
	 * @throws TaskGroupException as {@link #join()}, or with reason {@code TIMED_OUT}
	 * @throws InterruptedException if the calling thread is interrupted; the group goes on
	 * @throws IllegalArgumentException if the timeout is negative
	 * @throws IllegalStateException if the group was already joined, or closed
	 */
	List<T> join(Duration timeout) throws InterruptedException;

	/**
	 * Whether the group was stopped: a task failed, it was joined, closed or timed out, or it was stopped from above.
	 * A loop that submits can check it and end early, as Go code checks the group's {@code ctx.Err()}.
	 * @return {@code true} once the group's stop signal was given
	 */
	boolean isStopping();

	/**
	 * Closes the group: stops it if tasks are still running, and waits until every task of the group has ended, so
	 * that leaving a try-with-resources block never leaves one of its tasks running. It waits through interrupts
	 * (and restores the interrupt flag); only a drain that abandons a task ends the wait for it. Closing without
	 * {@link #join()} reports no outcome, but the worker still logs and counts each failure. Closing twice is safe.
	 */
	@Override
	void close();

}
