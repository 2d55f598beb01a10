package io.github.managedworkers.sample.events;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Plain Spring background work, with no managed-workers API: an {@code @Async} audit of each event and a
 * {@code @Scheduled} report. The starter adopts both: the audits are tasks of the {@code async} worker, the report
 * is the worker {@code eventAudit.report}, and both are drained on SIGTERM.
 */
@Component
class EventAudit {

	private static final Logger logger = LoggerFactory.getLogger(EventAudit.class);

	private final AtomicLong audited = new AtomicLong();

	@Async
	void audit(String payload) throws InterruptedException {
		Thread.sleep(200); // stands for a call to an audit service
		this.audited.incrementAndGet();
	}

	@Scheduled(fixedDelay = 2000)
	void report() {
		logger.debug("Audited {} events so far", this.audited.get());
	}

	/** After the drain: every audit accepted before SIGTERM has finished. */
	@PreDestroy
	void reportTotal() {
		logger.info("Audited {} events in all", this.audited.get());
	}

}
