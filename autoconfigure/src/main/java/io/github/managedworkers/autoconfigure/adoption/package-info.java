/**
 * Adoption of the background work a Spring Boot application already has: {@code @Scheduled} methods run as workers,
 * and {@code @Async} methods and Boot's {@code applicationTaskExecutor} submit through a worker named {@code async}.
 */
@NullMarked
package io.github.managedworkers.autoconfigure.adoption;

import org.jspecify.annotations.NullMarked;
