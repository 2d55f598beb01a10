/**
 * Exclusive workers on Spring Integration's {@code LockRegistry}: the lease store, and its JDBC default.
 */
@NullMarked
package io.github.managedworkers.autoconfigure.exclusive;

import org.jspecify.annotations.NullMarked;
