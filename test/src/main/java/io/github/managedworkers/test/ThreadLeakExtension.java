package io.github.managedworkers.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.platform.commons.support.AnnotationSupport;

import io.github.managedworkers.test.internal.LiveThreads;

/**
 * Fails a test class whose tests leave threads behind: every thread alive after the class's last test that was not
 * alive before its first one, unless ignored (see {@link ThreadLeaks} for what is ignored by default).
 * <p>
 * Use it on one class with {@link CheckThreadLeaks @CheckThreadLeaks}, or on every class of a test suite by setting
 * {@code junit.jupiter.extensions.autodetection.enabled=true} in {@code src/test/resources/junit-platform.properties}:
 * this module registers the extension for JUnit's automatic detection.
 */
public class ThreadLeakExtension implements BeforeAllCallback, AfterAllCallback {

	private static final Namespace NAMESPACE = Namespace.create(ThreadLeakExtension.class);

	private static final String BASELINE = "baseline";

	@Override
	public void beforeAll(ExtensionContext context) {
		Set<Long> alive = new HashSet<>();
		for (LiveThread thread : LiveThreads.list()) {
			alive.add(thread.id());
		}
		alive.add(Thread.currentThread().getId());
		context.getStore(NAMESPACE).put(BASELINE, alive);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		@SuppressWarnings("unchecked")
		Set<Long> baseline = (Set<Long>) context.getStore(NAMESPACE).remove(BASELINE);
		if (baseline == null) {
			return;
		}
		List<LeakOption> options = new ArrayList<>();
		options.add(LeakOption.ignoreThreads(baseline, "threads alive before the class"));
		Optional<CheckThreadLeaks> annotation = context.getTestClass()
			.flatMap((type) -> AnnotationSupport.findAnnotation(type, CheckThreadLeaks.class));
		Duration maxWait = ThreadLeaks.DEFAULT_MAX_WAIT;
		if (annotation.isPresent()) {
			for (String regex : annotation.get().ignoreNamed()) {
				options.add(LeakOption.ignoreThreadsNamed(regex));
			}
			for (String frame : annotation.get().ignoreFrames()) {
				options.add(LeakOption.ignoreThreadsWithFrame(frame));
			}
			long millis = annotation.get().maxWaitMillis();
			if (millis < -1) {
				throw new IllegalArgumentException("@CheckThreadLeaks(maxWaitMillis = " + millis + ") on "
						+ context.getRequiredTestClass().getName()
						+ " is negative: give 0 or more milliseconds, or -1 for the default");
			}
			if (millis >= 0) {
				maxWait = Duration.ofMillis(millis);
			}
		}
		options.add(LeakOption.maxWait(maxWait));
		ThreadLeaks.verifyNone(options.toArray(new LeakOption[0]));
	}

}
