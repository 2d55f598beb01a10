package io.github.managedworkers.docs;

import java.time.Duration;

import org.springframework.stereotype.Component;

import io.github.managedworkers.ManagedWorker;
import io.github.managedworkers.Worker;
import io.github.managedworkers.WorkerContext;

import static io.github.managedworkers.docs.QuickStartSupport.fetchAndHandle;
import static io.github.managedworkers.docs.QuickStartSupport.ping;
import static io.github.managedworkers.docs.QuickStartSupport.sendQueuedMail;

// The README's Spring Boot quick start, compiled and run by SpringQuickStartTests; DocumentationSnippetsTests keeps
// the README the same as this file.
// tag::workers[]
@Component
class Inbox {

	@ManagedWorker(name = "inbox")                 // a loop: runs once, loops until stopping
	void poll(WorkerContext ctx) {
		while (!ctx.isStopping()) {
			fetchAndHandle();
			ctx.sleep(Duration.ofSeconds(30));     // wakes at once on shutdown
		}
	}

	@ManagedWorker(every = "1s")                   // periodic: named "inbox.heartbeat" after the bean and method
	void heartbeat() {
		ping();
	}
}

@ManagedWorker(maxConcurrency = 8)                 // a bean that implements Worker; named after the bean
@Component
class Mailer implements Worker {
	public void run(WorkerContext ctx) {
		sendQueuedMail(ctx);
	}
}
// end::workers[]
