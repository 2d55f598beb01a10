/**
 * Spring Boot auto-configuration for managed workers: properties, {@code @ManagedWorker} discovery and the lifecycle
 * that starts workers with the application and drains them on shutdown.
 */
@NullMarked
package io.github.managedworkers.autoconfigure;

import org.jspecify.annotations.NullMarked;
