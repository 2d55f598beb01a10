package io.github.managedworkers.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Fails a test class whose tests leave threads behind: every thread alive after the class's last test and
 * {@code @AfterAll} method that was not alive before its first one, unless ignored (see {@link ThreadLeaks} for
 * what is ignored by default, and {@link CheckThreadLeaks} for options).
 * <p>
 * Use it on one class with {@link CheckThreadLeaks @CheckThreadLeaks} or {@code @ExtendWith}, or on every class of
 * a test suite by setting {@code junit.jupiter.extensions.autodetection.enabled=true} in
 * {@code src/test/resources/junit-platform.properties}: this module registers the extension for JUnit's automatic
 * detection. Test classes must not run in parallel with each other: a check cannot tell which class started a
 * thread.
 * <p>
 * With spring-test on the class path, every Spring test context is watched as well. Threads that appeared while a
 * class used a context that is still open (cached for later classes), and that the context may own, are not
 * reported with the class: they are checked when that context closes. What a closing context leaves, and any task
 * of a managed worker still alive once it has closed, fails the class that is running at that moment (say, one
 * marked {@code @DirtiesContext}); a context still cached when the test run ends is closed then, and reports in the
 * run's output (see {@link ThreadLeakSessionListener}).
 */
public class ThreadLeakExtension implements BeforeAllCallback, BeforeEachCallback {

	private static final Namespace NAMESPACE = Namespace.create(ThreadLeakExtension.class);

	private static final String CLOSE_AUTOCLOSEABLES = "junit.jupiter.extensions.store.close.autocloseable.enabled";

	/**
	 * Creates the extension; JUnit does, for {@code @CheckThreadLeaks}, {@code @ExtendWith} and autodetection.
	 */
	public ThreadLeakExtension() {
	}

	/**
	 * Records the threads alive before the class's first test.
	 * @param context the test class's context
	 * @throws ExtensionConfigurationException if {@link CheckThreadLeaks} gives a bad option, or JUnit is told not
	 * to close the stored values the check runs from
	 */
	@Override
	public void beforeAll(ExtensionContext context) {
		if (!context.getConfigurationParameter(CLOSE_AUTOCLOSEABLES).map(Boolean::parseBoolean).orElse(true)) {
			throw new ExtensionConfigurationException("ThreadLeakExtension checks a class when JUnit closes its "
					+ "stored values, which " + CLOSE_AUTOCLOSEABLES + "=false turns off: remove that setting");
		}
		ClassCheck check = new ClassCheck(options(context));
		// Closed by JUnit after every @AfterAll method and callback, whichever extension was registered first.
		context.getStore(NAMESPACE).put(ClassCheck.class, check);
	}

	/**
	 * Fails a test of a class that has no check: the extension was registered where it means nothing.
	 * @param context the test method's context
	 * @throws ExtensionConfigurationException if the extension was registered on an instance field
	 */
	@Override
	public void beforeEach(ExtensionContext context) {
		if (context.getStore(NAMESPACE).get(ClassCheck.class) == null) {
			throw new ExtensionConfigurationException("ThreadLeakExtension checks whole test classes, but "
					+ context.getRequiredTestClass().getName() + " registered it for single tests: use "
					+ "@CheckThreadLeaks, @ExtendWith(ThreadLeakExtension.class), a static @RegisterExtension field "
					+ "or JUnit's extension autodetection; for one test, call ThreadLeaks.verifyNone");
		}
	}

	private static LeakOption.Resolved options(ExtensionContext context) {
		Set<String> names = new LinkedHashSet<>();
		Set<String> frames = new LinkedHashSet<>();
		long maxWaitMillis = ThreadLeaks.DEFAULT_MAX_WAIT_MILLIS;
		for (Class<?> type : classAndEnclosing(context)) {
			Optional<CheckThreadLeaks> annotation = AnnotationSupport.findAnnotation(type, CheckThreadLeaks.class);
			if (annotation.isPresent()) {
				names.addAll(List.of(annotation.get().ignoreNamed()));
				frames.addAll(List.of(annotation.get().ignoreFrames()));
				maxWaitMillis = annotation.get().maxWaitMillis();
			}
		}
		if (maxWaitMillis < 0) {
			throw new ExtensionConfigurationException("@CheckThreadLeaks(maxWaitMillis = " + maxWaitMillis + ") on "
					+ context.getRequiredTestClass().getName() + " is negative: give 0 or more milliseconds");
		}
		try {
			List<LeakOption> options = new ArrayList<>();
			names.forEach((regex) -> options.add(LeakOption.ignoreThreadsNamed(regex)));
			frames.forEach((frame) -> options.add(LeakOption.ignoreThreadsWithFrame(frame)));
			options.add(LeakOption.maxWait(Duration.ofMillis(maxWaitMillis)));
			return LeakOption.resolve(options.toArray(new LeakOption[0]));
		}
		catch (IllegalArgumentException ex) {
			throw new ExtensionConfigurationException("@CheckThreadLeaks on "
					+ context.getRequiredTestClass().getName() + ": " + ex.getMessage(), ex);
		}
	}

	/** The enclosing classes of a {@code @Nested} class, outermost first, then the class itself. */
	private static List<Class<?>> classAndEnclosing(ExtensionContext context) {
		List<Class<?>> classes = new ArrayList<>(context.getEnclosingTestClasses());
		classes.add(context.getRequiredTestClass());
		return classes;
	}

}
