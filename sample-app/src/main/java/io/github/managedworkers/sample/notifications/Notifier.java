package io.github.managedworkers.sample.notifications;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Sends a notification when a job is done (a webhook, in a real service) on the application's own
 * {@code notificationExecutor}: plain Spring, no managed-workers API.
 */
@Component
public class Notifier {

	private static final Logger logger = LoggerFactory.getLogger(Notifier.class);

	private final ThreadPoolTaskExecutor executor;

	private final AtomicLong accepted = new AtomicLong();

	private final AtomicLong sent = new AtomicLong();

	private final AtomicLong refused = new AtomicLong();

	Notifier(@Qualifier("notificationExecutor") ThreadPoolTaskExecutor executor) {
		this.executor = executor;
	}

	/**
	 * Queues the notification that a job is done.
	 * @param jobId the job
	 */
	public void jobDone(long jobId) {
		try {
			this.executor.execute(() -> send(jobId));
			this.accepted.incrementAndGet();
		}
		catch (TaskRejectedException ex) {
			// A job that ends during the drain: every worker, this executor's too, takes no new work by then.
			this.refused.incrementAndGet();
			logger.warn("The notification of job {} is not sent: {}", jobId, ex.getMessage());
		}
	}

	private void send(long jobId) {
		try {
			Thread.sleep(20); // stands for the webhook's round trip
			this.sent.incrementAndGet();
		}
		catch (InterruptedException ex) {
			logger.warn("The notification of job {} was interrupted by the drain", jobId);
			Thread.currentThread().interrupt();
		}
	}

	/** After the drain: every notification accepted before SIGTERM has been sent. */
	@PreDestroy
	void reportTotal() {
		logger.info("Sent {} of {} accepted notifications ({} refused while draining)", this.sent.get(),
				this.accepted.get(), this.refused.get());
	}

}
