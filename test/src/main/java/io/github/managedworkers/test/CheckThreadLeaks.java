package io.github.managedworkers.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fails a test class that leaves threads behind: threads alive after all its tests that were not alive before
 * them. See {@link ThreadLeakExtension}, which can also be registered for every test class at once; this annotation
 * then only gives options.
 * <p>
 * On a {@code @Nested} class, the names and frames to ignore add to those of its enclosing classes, and the
 * innermost {@code maxWaitMillis} applies.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ThreadLeakExtension.class)
public @interface CheckThreadLeaks {

	/**
	 * Regular expressions for the names of threads to ignore, as {@link LeakOption#ignoreThreadsNamed(String)}.
	 * @return the patterns
	 */
	String[] ignoreNamed() default {};

	/**
	 * Classes or {@code class.method}s, any frame of which makes a thread ignored, as
	 * {@link LeakOption#ignoreThreadsWithFrame(String)}.
	 * @return the frames
	 */
	String[] ignoreFrames() default {};

	/**
	 * How long to wait for threads to end before calling them leaked, in milliseconds, as
	 * {@link LeakOption#maxWait(java.time.Duration)}: zero or more.
	 * @return the wait in milliseconds
	 */
	long maxWaitMillis() default ThreadLeaks.DEFAULT_MAX_WAIT_MILLIS;

}
