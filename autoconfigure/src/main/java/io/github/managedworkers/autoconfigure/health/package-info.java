/**
 * The {@code workers} health contributor: down when a worker has failed, and the tasks that run too long.
 */
@NullMarked
package io.github.managedworkers.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
