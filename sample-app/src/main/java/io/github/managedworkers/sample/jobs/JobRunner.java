package io.github.managedworkers.sample.jobs;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.github.managedworkers.ManagedWorker;
import io.github.managedworkers.RejectedTaskException;
import io.github.managedworkers.WorkerContext;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.sample.notifications.Notifier;

/**
 * The {@code job-runner} worker: its body claims queued jobs as permits of its bulkhead free up, and runs each as a
 * task. A job in flight when the service is told to stop runs to its end in the drain; one that outlasts the drain
 * timeout is interrupted and queued again.
 */
@Component
public class JobRunner {

	private static final Logger logger = LoggerFactory.getLogger(JobRunner.class);

	/** How often the body looks for work when there is none, or no permit free. */
	private static final Duration POLL = Duration.ofMillis(50);

	/** How often this instance extends the claims of the jobs it runs, well within sample.jobs.claim-ttl. */
	private static final Duration CLAIM_EXTENSION = Duration.ofMillis(500);

	private final JobStore store;

	private final WorkerRegistry registry;

	private final Notifier notifier;

	public JobRunner(JobStore store, WorkerRegistry registry, Notifier notifier) {
		this.store = store;
		this.registry = registry;
		this.notifier = notifier;
	}

	@ManagedWorker(name = "job-runner")
	void run(WorkerContext ctx) {
		WorkerHandle self = this.registry.get(ctx.workerName());
		long claimsExtended = System.nanoTime();
		while (!ctx.isStopping()) {
			if (System.nanoTime() - claimsExtended > CLAIM_EXTENSION.toNanos()) {
				this.store.extendClaims();
				claimsExtended = System.nanoTime();
			}
			int free = self.snapshot().availablePermits();
			List<Job> claimed = (free > 0) ? this.store.claim(free) : List.of();
			if (claimed.isEmpty()) {
				ctx.sleep(POLL);
				continue;
			}
			for (Job job : claimed) {
				ctx.submit((task) -> work(job)).exceptionally((failure) -> {
					if (failure instanceof RejectedTaskException) {
						this.store.requeue(job.id()); // the worker began to stop between claim and submit
					}
					return null;
				});
			}
		}
	}

	private Void work(Job job) throws InterruptedException {
		try {
			Thread.sleep(job.workMillis()); // the job's work: only the drain's interrupt cuts it short
		}
		catch (InterruptedException ex) {
			this.store.requeue(job.id());
			logger.warn("Job {} was interrupted by the drain before its {} ms of work ended; it is queued again",
					job.id(), job.workMillis());
			throw ex;
		}
		this.store.markDone(job.id());
		this.notifier.jobDone(job.id());
		return null;
	}

}
