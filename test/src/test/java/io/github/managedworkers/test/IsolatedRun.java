package io.github.managedworkers.test;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * Runs a sample test class as a build tool would, in a launcher session of its own, and in a class loader of its
 * own (JUnit, Spring and this module included, unless left out): what the end of that session does (closing cached
 * Spring contexts) and what that class path lacks touch nothing of the test run around it.
 */
final class IsolatedRun {

	private IsolatedRun() {
	}

	/**
	 * @param sample the test class to run
	 * @param classPathEntry which entries of this JVM's class path the run gets
	 */
	static Result run(Class<?> sample, Predicate<String> classPathEntry) throws Exception {
		List<URL> urls = new ArrayList<>();
		for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			if (!entry.isEmpty() && classPathEntry.test(entry)) {
				urls.add(url(entry));
			}
		}
		PrintStream systemErr = System.err;
		ClassLoader contextLoader = Thread.currentThread().getContextClassLoader();
		ByteArrayOutputStream errorOutput = new ByteArrayOutputStream();
		try (URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]),
				ClassLoader.getPlatformClassLoader())) {
			System.setErr(new PrintStream(errorOutput, true, StandardCharsets.UTF_8));
			Thread.currentThread().setContextClassLoader(loader);
			String summary = (String) loader.loadClass(Runner.class.getName())
				.getMethod("run", String.class)
				.invoke(null, sample.getName());
			return new Result(summary, errorOutput.toString(StandardCharsets.UTF_8));
		}
		finally {
			Thread.currentThread().setContextClassLoader(contextLoader);
			System.setErr(systemErr);
		}
	}

	static boolean withoutSpring(String classPathEntry) {
		return !classPathEntry.contains("/org/springframework/");
	}

	private static URL url(String entry) {
		try {
			return new File(entry).toURI().toURL();
		}
		catch (MalformedURLException ex) {
			throw new IllegalArgumentException(entry, ex);
		}
	}

	/**
	 * How the run went.
	 * @param summary how many tests succeeded and failed, and each failure
	 * @param errorOutput what the run printed on standard error
	 */
	record Result(String summary, String errorOutput) {
	}

	/** Loaded in the isolated class loader, with its own copy of everything. */
	public static final class Runner {

		/** Where the samples leak threads; released once the session has ended. */
		static final DeliberateLeaks leaks = new DeliberateLeaks();

		private Runner() {
		}

		public static String run(String className) throws Exception {
			SummaryGeneratingListener listener = new SummaryGeneratingListener();
			try (LauncherSession session = LauncherFactory.openSession()) {
				session.getLauncher().execute(request().selectors(selectClass(className)).build(), listener);
			}
			leaks.releaseAll();
			TestExecutionSummary summary = listener.getSummary();
			StringBuilder sb = new StringBuilder();
			sb.append(summary.getTestsSucceededCount()).append(" succeeded, ");
			sb.append(summary.getTestsFailedCount() + summary.getContainersFailedCount()).append(" failed");
			for (TestExecutionSummary.Failure failure : summary.getFailures()) {
				sb.append("\n").append(failure.getTestIdentifier().getDisplayName()).append(": ");
				sb.append(failure.getException());
			}
			return sb.toString();
		}

	}

}
