package io.github.managedworkers.autoconfigure.endpoint;

import java.util.List;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The live threads of the JVM that the worker registry does not own, grouped by stack, as
 * {@code GET /actuator/workers?view=unowned} shows them.
 *
 * @param unownedThreads how many live threads the registry does not own
 * @param platform how many of them are platform threads
 * @param virtual how many of them are virtual threads
 * @param virtualThreadsListed whether virtual threads could be listed (Java 21+)
 * @param stacksShown whether the stacks are shown to whoever asked, as {@code show-stacks} says
 * @param groups the threads grouped by identical stack, largest group first
 */
public record UnownedThreadsDescriptor(int unownedThreads, int platform, int virtual, boolean virtualThreadsListed,
		boolean stacksShown, List<UnownedThreadGroup> groups) implements OperationResponseBody {
}
