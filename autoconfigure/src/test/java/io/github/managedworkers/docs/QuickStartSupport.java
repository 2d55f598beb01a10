package io.github.managedworkers.docs;

import io.github.managedworkers.WorkerContext;

/**
 * What the quick start's workers call, left out of the README.
 */
final class QuickStartSupport {

	private QuickStartSupport() {
	}

	static void fetchAndHandle() {
	}

	static void ping() {
	}

	static void sendQueuedMail(WorkerContext ctx) {
		while (!ctx.isStopping()) {
			ctx.sleep(java.time.Duration.ofSeconds(1));
		}
	}

}
