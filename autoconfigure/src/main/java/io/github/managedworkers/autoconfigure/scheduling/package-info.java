/**
 * Spring's scheduling vocabulary adapted to the core's {@link io.github.managedworkers.Schedule}: cron expressions
 * and triggers.
 */
@NullMarked
package io.github.managedworkers.autoconfigure.scheduling;

import org.jspecify.annotations.NullMarked;
