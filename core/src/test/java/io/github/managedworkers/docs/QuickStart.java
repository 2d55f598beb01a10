package io.github.managedworkers.docs;

// The README's core quick start, compiled; DocumentationSnippetsTests (autoconfigure) keeps the two the same.
// tag::quick-start[]
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.github.managedworkers.DrainReport;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerSpec;

public class QuickStart {

    public static void main(String[] args) throws Exception {
        try (WorkerRegistry registry = WorkerRegistry.builder().drainTimeout(Duration.ofSeconds(5)).build()) {
            // A periodic worker: runs, then waits 500 ms or until stop, then runs again.
            registry.register(WorkerSpec.builder("ticker").every("500ms").build(),
                    ctx -> System.out.println("tick on " + Thread.currentThread().getName()));

            // A loop worker: runs once and loops until it is told to stop.
            registry.register(WorkerSpec.builder("poller").build(), ctx -> {
                while (!ctx.isStopping()) {
                    ctx.sleep(Duration.ofSeconds(10)); // wakes at once when the stop comes
                }
                System.out.println("poller stopped");
            });

            // A worker without a body: a bounded, owned executor for submitted tasks.
            WorkerHandle jobs = registry.register(WorkerSpec.builder("jobs").maxConcurrency(4).build());

            registry.start();
            CompletableFuture<Integer> answer = jobs.submit(ctx -> 6 * 7);
            System.out.println("answer: " + answer.get());
            Thread.sleep(1200);

            DrainReport report = registry.drain();
            System.out.println(report.summary());
        } // close() drains whatever is still running
    }

}
// end::quick-start[]
