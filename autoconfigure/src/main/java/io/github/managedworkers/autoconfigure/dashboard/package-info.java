/**
 * The workers dashboard: one page, served by the management server beside the {@code workers} endpoint, that shows
 * and steers the workers through that endpoint's JSON.
 */
@NullMarked
package io.github.managedworkers.autoconfigure.dashboard;

import org.jspecify.annotations.NullMarked;
