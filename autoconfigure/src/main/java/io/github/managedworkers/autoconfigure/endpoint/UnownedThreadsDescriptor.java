package io.github.managedworkers.autoconfigure.endpoint;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The live threads of the JVM that the worker registry does not own, as {@code GET /actuator/workers?view=unowned}
 * shows them: grouped by stack to a caller who may see stacks, else the platform threads counted by state.
 *
 * @param unownedThreads how many live threads the registry does not own (platform threads only when stacks are
 * hidden)
 * @param platform how many of them are platform threads
 * @param virtual how many of them are virtual threads
 * @param virtualThreadsListed whether virtual threads were listed (Java 21+, stacks shown, the JDK's dump taken)
 * @param stacksShown whether the stacks are shown to whoever asked, as {@code show-stacks} says
 * @param groups the threads grouped by identical stack, largest group first; empty when stacks are hidden
 * @param states how many of them are in each thread state
 * @param omitted how many of them are in no listed group (past the most distinct stacks listed)
 * @param truncated whether the JDK's thread dump was longer than the bytes read
 * @param note why some threads are not listed, or {@code null}
 */
public record UnownedThreadsDescriptor(int unownedThreads, int platform, int virtual, boolean virtualThreadsListed,
		boolean stacksShown, List<UnownedThreadGroup> groups, Map<String, Integer> states, int omitted,
		boolean truncated, @Nullable String note) implements OperationResponseBody {
}
