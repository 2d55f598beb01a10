/**
 * Micrometer metrics of workers, bound through the core's listener SPI.
 */
@NullMarked
package io.github.managedworkers.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
