package io.github.managedworkers.autoconfigure;

import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.managedworkers.ManagedWorker;
import io.github.managedworkers.autoconfigure.adoption.ManagedWorkersAdoptionAutoConfiguration;
import io.github.managedworkers.autoconfigure.exclusive.ExclusiveWorkersAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every {@code managed-workers.*} key of the configuration metadata the build generates, with a value bad for its
 * type and range (negative durations and counts, zero where zero means nothing, unknown words): each fails startup
 * with a message that names the key and the value. A key added without a bad value here fails this test: say what is
 * bad for it in {@link #badValues}.
 */
class BadValuesFailStartupTests {

	private static final String WORKER = "managed-workers.workers.one.";

	/** Settings (the key after its prefix) whose zero means nothing: a bulkhead of none, a lease of no time. */
	private static final Set<String> ZERO_MEANS_NOTHING = Set.of("max-concurrency", "every", "lease-ttl",
			"renew-interval", "restart-backoff.initial", "restart-backoff.max", "restart-intensity.window",
			"stuck-after");

	/** Bad values for settings typed as text. */
	private static final Map<String, List<String>> BAD_TEXT = Map.of("exclusive.instance-id",
			List.of("x".repeat(37)), "cron", List.of("every day"), "zone", List.of("Mars/Olympus"));

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				ExclusiveWorkersAutoConfiguration.class, ManagedWorkersAutoConfiguration.class,
				ManagedWorkersAdoptionAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
				TaskSchedulingAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:bad-values;DB_CLOSE_DELAY=-1")
		.withUserConfiguration(Service.class);

	@ParameterizedTest(name = "{0}={1}")
	@MethodSource("badValues")
	void aBadValueFailsStartupNamingTheKeyAndTheValue(String key, String value) {
		this.runner.withPropertyValues(key + "=" + value).run((context) -> {
			assertThat(context).as("%s=%s", key, value).hasFailed();
			assertThat(describe(context.getStartupFailure())).as("what startup says of %s=%s", key, value)
				.contains(key)
				.contains(value);
		});
	}

	static Stream<Arguments> badValues() throws IOException {
		List<Arguments> rows = new ArrayList<>();
		for (JsonNode property : metadata()) {
			String key = property.get("name").asString();
			String type = property.get("type").asString();
			if (!key.startsWith("managed-workers.")) {
				continue;
			}
			if (type.startsWith("java.util.Map<java.lang.String,")) {
				String valueType = type.substring("java.util.Map<java.lang.String,".length(), type.length() - 1);
				for (String[] nested : nestedKeys(valueType, "")) {
					badValues(WORKER + nested[0], nested[0], nested[1], rows);
				}
			}
			else {
				String setting = key.substring(key.startsWith("managed-workers.defaults.")
						? "managed-workers.defaults.".length() : "managed-workers.".length());
				badValues(key, setting, type, rows);
			}
		}
		return rows.stream();
	}

	private static void badValues(String key, String setting, String type, List<Arguments> rows) {
		List<String> values = new ArrayList<>();
		switch (type) {
			case "java.lang.Boolean" -> values.add("maybe");
			case "java.lang.Integer" -> values.add("-1");
			case "java.time.Duration" -> values.addAll(List.of("-1s", "soon"));
			case "java.lang.String" -> values.addAll(BAD_TEXT.getOrDefault(setting, List.of()));
			default -> {
				if (isEnum(type)) {
					values.add("sometimes");
				}
			}
		}
		if (ZERO_MEANS_NOTHING.contains(setting)) {
			values.add(type.equals("java.time.Duration") ? "0s" : "0");
		}
		if (values.isEmpty()) {
			fail("No bad value known for " + key + " (" + type + "): add one to this test");
		}
		values.forEach((value) -> rows.add(Arguments.of(key, value)));
	}

	/** The keys of a map's value class, relative to the map entry, with their types: {@code restart-backoff.max}. */
	private static List<String[]> nestedKeys(String className, String prefix) {
		List<String[]> keys = new ArrayList<>();
		try {
			for (PropertyDescriptor descriptor : Introspector
				.getBeanInfo(Class.forName(className.replace('$', '.').replaceFirst("\\.(?=[A-Z][^.]*$)", "\\$")))
				.getPropertyDescriptors()) {
				if (descriptor.getReadMethod() == null || descriptor.getName().equals("class")) {
					continue;
				}
				String name = prefix + kebab(descriptor.getName());
				Class<?> type = descriptor.getPropertyType();
				if (type.getName().startsWith(ManagedWorkersProperties.class.getName())) {
					keys.addAll(nestedKeys(type.getName(), name + "."));
				}
				else {
					keys.add(new String[] { name, type.getName() });
				}
			}
		}
		catch (ReflectiveOperationException | java.beans.IntrospectionException ex) {
			throw new IllegalStateException(ex);
		}
		return keys;
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
	}

	private static boolean isEnum(String type) {
		try {
			return Class.forName(type).isEnum();
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

	/**
	 * What startup prints: the failure analysis of ours, or Spring Boot's report of a value its binder could not
	 * convert, which names the property and the value as these do.
	 */
	private static String describe(Throwable failure) {
		FailureAnalysis analysis = new ManagedWorkersFailureAnalyzer().analyze(failure);
		if (analysis != null) {
			return analysis.getDescription();
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof BindException bind && bind.getProperty() != null) {
				return "Failed to bind properties under '" + bind.getName() + "': Property: "
						+ bind.getProperty().getName() + " Value: " + bind.getProperty().getValue();
			}
		}
		return String.valueOf(failure);
	}

	private static List<JsonNode> metadata() throws IOException {
		try (InputStream json = BadValuesFailStartupTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(json).as("the configuration metadata of the build").isNotNull();
			List<JsonNode> properties = new ArrayList<>();
			JsonMapper.builder().build().readTree(json).get("properties").forEach(properties::add);
			return properties;
		}
	}

	/** A worker named in the per-worker keys, and Spring's own scheduled and async work to adopt. */
	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	@EnableAsync
	static class Service {

		@ManagedWorker(name = "one", every = "1h")
		void run() {
		}

		@Scheduled(fixedDelay = 3_600_000)
		void tick() {
		}

	}

}
