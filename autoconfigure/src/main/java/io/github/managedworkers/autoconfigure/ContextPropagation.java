package io.github.managedworkers.autoconfigure;

import io.github.managedworkers.TaskDecorator;

/**
 * The built-in context propagation (the submitter's MDC and, with Micrometer's context-propagation library, its
 * observation), applied outside every {@link TaskDecorator} bean. Not itself a {@code TaskDecorator} bean, so that an
 * application's decorator adds to it instead of replacing it.
 *
 * @param decorator the decorator that carries the context
 */
record ContextPropagation(TaskDecorator decorator) {
}
