package io.github.managedworkers.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link InvalidManagedWorkerException} as a startup failure that names the key or bean, the value and what
 * is allowed, instead of a stack trace.
 */
class ManagedWorkersFailureAnalyzer extends AbstractFailureAnalyzer<InvalidManagedWorkerException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidManagedWorkerException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

}
