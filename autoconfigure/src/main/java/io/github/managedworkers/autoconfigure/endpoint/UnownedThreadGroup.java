package io.github.managedworkers.autoconfigure.endpoint;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Unowned threads parked at the same place.
 *
 * @param count how many threads
 * @param virtual whether they are virtual threads
 * @param state the thread state of the oldest of them
 * @param threads the names of the first few of them, oldest first
 * @param stack their common stack, innermost first; empty when stacks are not shown
 * @param bean the plain {@code ExecutorService} bean whose pool runs them (the registry cannot own such a pool), or
 * {@code null}
 */
public record UnownedThreadGroup(int count, boolean virtual, String state, List<String> threads, List<String> stack,
		@Nullable String bean) {
}
