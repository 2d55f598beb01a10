/**
 * The worker runtime behind the public API. Not an API: its types may change in any release.
 */
@NullMarked
package io.github.managedworkers.internal;

import org.jspecify.annotations.NullMarked;
