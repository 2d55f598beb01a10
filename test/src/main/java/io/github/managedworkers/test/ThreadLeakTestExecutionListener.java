package io.github.managedworkers.test;

import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Tells the leak checks which Spring test context each test uses, the cached ones included: a thread that appears
 * while a class uses a context may be that context's, and is then left to it (see {@link SpringTestContexts}).
 * spring-test finds it in {@code META-INF/spring.factories} among its default listeners.
 */
class ThreadLeakTestExecutionListener implements TestExecutionListener {

	@Override
	public void beforeTestMethod(TestContext testContext) {
		// Never loads a context: one that is not loaded yet is marked when it starts.
		if (testContext.hasApplicationContext()) {
			ThreadLeakContextCustomizerFactory.inUse(testContext.getApplicationContext());
		}
	}

}
