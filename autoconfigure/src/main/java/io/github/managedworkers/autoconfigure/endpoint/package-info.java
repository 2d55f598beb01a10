/**
 * The {@code workers} actuator endpoint: workers, their live tasks and stacks (virtual threads included), and
 * stop/start/restart.
 */
@NullMarked
package io.github.managedworkers.autoconfigure.endpoint;

import org.jspecify.annotations.NullMarked;
