package io.github.managedworkers.autoconfigure;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Fails startup on a {@code managed-workers.enabled} that is neither {@code true} nor {@code false}: Spring Boot's
 * property condition, which it runs before, would take any other word for {@code false} and turn every worker off
 * without a word.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
final class EnabledValueCondition implements Condition {

	private static final String KEY = "managed-workers.enabled";

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		String value = context.getEnvironment().getProperty(KEY);
		if (value != null && !value.strip().equalsIgnoreCase("true") && !value.strip().equalsIgnoreCase("false")) {
			throw new InvalidManagedWorkerException(
					"Invalid value '" + value + "' for " + KEY + ": allowed is true or false.",
					"Update " + KEY + " in your application's configuration to true or false.");
		}
		return true;
	}

}
