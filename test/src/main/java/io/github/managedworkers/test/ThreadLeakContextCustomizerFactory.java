package io.github.managedworkers.test;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Shows every Spring test context to the leak checks ({@link SpringTestContexts}): spring-test finds this factory in
 * {@code META-INF/spring.factories} and applies its customizer to each context it builds, so that nothing here is
 * loaded where spring-test is absent.
 * <p>
 * Contexts that spring-test does not build, such as those of Spring Boot's {@code ApplicationContextRunner}, are
 * not watched: they live within one test, and the class's own check sees what they leave.
 */
class ThreadLeakContextCustomizerFactory implements ContextCustomizerFactory {

	private static final String CLOSE_CHECK = "io.github.managedworkers.test.threadLeakCloseCheck";

	/** The contexts started and not closed yet. */
	private static final Map<ApplicationContext, SpringTestContexts.Context> WATCHED = Collections
		.synchronizedMap(new IdentityHashMap<>());

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		return new Customizer();
	}

	/** Marks a context, and its parents, as in use by the classes running now. */
	static void inUse(ApplicationContext context) {
		for (ApplicationContext current = context; current != null; current = current.getParent()) {
			SpringTestContexts.Context watched = WATCHED.get(current);
			if (watched != null) {
				ClassCheck.using(watched);
			}
		}
	}

	/** Records what was alive when a context started, and checks what is left once the context has closed. */
	static final class Customizer implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			if (context instanceof GenericApplicationContext generic) {
				SpringTestContexts.Context watched = SpringTestContexts
					.started("the Spring test context of " + config.getTestClass().getName(), context::close);
				WATCHED.put(context, watched);
				// Registered before any bean exists, so destroyed after all of them (Spring destroys in reverse
				// order), once the lifecycle beans (a worker registry's drain among them) have stopped.
				generic.getDefaultListableBeanFactory().registerDisposableBean(CLOSE_CHECK, () -> {
					WATCHED.remove(context);
					SpringTestContexts.closing(watched);
				});
			}
		}

		// Every context gets an equal customizer, so that it never splits spring-test's context cache.
		@Override
		public boolean equals(Object other) {
			return other instanceof Customizer;
		}

		@Override
		public int hashCode() {
			return Customizer.class.hashCode();
		}

	}

}
