package io.github.managedworkers.test;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Closes the Spring test contexts still cached once a test run ends, so that what they leave behind (a task of a
 * managed worker that ignored its stop signal, a thread a test started while the context was in use) is reported
 * in the run's output. spring-test would close them at JVM exit, when a build tool no longer shows what is
 * printed.
 * <p>
 * The JUnit Platform registers it by itself (this module lists it in {@code META-INF/services}); there is nothing to
 * call. Without spring-test, there is nothing to close.
 */
public final class ThreadLeakSessionListener implements LauncherSessionListener {

	/**
	 * Creates the listener; the JUnit Platform does.
	 */
	public ThreadLeakSessionListener() {
	}

	/**
	 * Closes the Spring test contexts still open, newest first.
	 * @param session the session that ended: no test of it can use a context any more
	 */
	@Override
	public void launcherSessionClosed(LauncherSession session) {
		SpringTestContexts.closeStillOpen();
	}

}
