package io.github.managedworkers.autoconfigure.adoption;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ListableBeanFactory;

import io.github.managedworkers.autoconfigure.InvalidManagedWorkerException;

/**
 * Boot's customizers of its executor and scheduler ({@code ThreadPoolTaskExecutorCustomizer} and the like) set
 * properties of Spring's classes, which the adopted executor and scheduler are not: rather than ignore them, startup
 * fails naming them and saying what to do.
 */
final class AdoptionRefusals {

	private AdoptionRefusals() {
	}

	static void refuseCustomizers(ListableBeanFactory beanFactory, String optOut, Class<?>... customizerTypes) {
		List<String> found = new ArrayList<>();
		for (Class<?> type : customizerTypes) {
			for (String name : beanFactory.getBeanNamesForType(type, true, false)) {
				found.add("'" + name + "' (" + type.getSimpleName() + ")");
			}
		}
		if (!found.isEmpty()) {
			throw new InvalidManagedWorkerException("The application defines " + String.join(", ", found)
					+ ", which customizes Spring Boot's own executor or scheduler; managed-workers adopts that one, "
					+ "and a customizer cannot apply to the adopted one.",
					"Either set " + optOut + "=false to keep Spring Boot's own (it then stays the application's), "
							+ "or remove the customizer and set what it set through managed-workers.workers.<name>.* "
							+ "(an ErrorHandler bean and TaskDecorator beans are honoured as they are).");
		}
	}

}
