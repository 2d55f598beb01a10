/**
 * Managed workers: background work with an owner, a stop signal, a bound on its concurrency and a drain on shutdown,
 * as Go's goroutines are written at their best. Start with {@link io.github.managedworkers.WorkerRegistry}.
 */
@NullMarked
package io.github.managedworkers;

import org.jspecify.annotations.NullMarked;
