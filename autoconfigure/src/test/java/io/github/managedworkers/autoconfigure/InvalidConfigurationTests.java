package io.github.managedworkers.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.web.context.WebApplicationContext;

import io.github.managedworkers.ManagedWorker;
import io.github.managedworkers.Worker;
import io.github.managedworkers.WorkerContext;
import io.github.managedworkers.WorkerRegistry;

import static org.assertj.core.api.Assertions.assertThat;

class InvalidConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ManagedWorkersAutoConfiguration.class));

	@Test
	void aNegativeLimitInTheDefaultsNamesItsKeyValueAndWhatIsAllowed() {
		this.contextRunner.withUserConfiguration(OneWorker.class)
			.withPropertyValues("managed-workers.defaults.max-concurrency=-3")
			.run((context) -> assertThat(analysis(context)).satisfies((analysis) -> {
				assertThat(analysis.getDescription()).isEqualTo(
						"Invalid value '-3' for managed-workers.defaults.max-concurrency: allowed is an integer of 1 or more.");
				assertThat(analysis.getAction()).contains("managed-workers.defaults.max-concurrency");
			}));
	}

	@Test
	void aBadPerWorkerValueNamesThatWorkersKey() {
		this.contextRunner.withUserConfiguration(OneWorker.class)
			.withPropertyValues("managed-workers.workers.one.max-wait=-1s")
			.run((context) -> assertThat(analysis(context).getDescription())
				.isEqualTo("Invalid value '-1s' for managed-workers.workers.one.max-wait: allowed is a duration of zero or more."));
	}

	@Test
	void aNegativeQueueCapacityNamesItsKeyValueAndWhatIsAllowed() {
		this.contextRunner.withPropertyValues("managed-workers.defaults.queue-capacity=-1")
			.run((context) -> assertThat(analysis(context).getDescription()).isEqualTo(
					"Invalid value '-1' for managed-workers.defaults.queue-capacity: allowed is an integer of 0 (no queue) or more."));
		this.contextRunner.withUserConfiguration(OneWorker.class)
			.withPropertyValues("managed-workers.workers.one.queue-capacity=-5")
			.run((context) -> assertThat(analysis(context).getDescription()).isEqualTo(
					"Invalid value '-5' for managed-workers.workers.one.queue-capacity: allowed is an integer of 0 (no queue) or more."));
	}

	@Test
	void aBackoffMaxShorterThanItsInitialDelayBlamesTheMoreSpecificKey() {
		this.contextRunner.withUserConfiguration(OneWorker.class)
			.withPropertyValues("managed-workers.workers.one.restart-backoff.initial=2m")
			.run((context) -> assertThat(analysis(context).getDescription())
				.isEqualTo("Invalid value '2m' for managed-workers.workers.one.restart-backoff.initial: allowed is a "
						+ "duration of at most managed-workers.defaults.restart-backoff.max (PT30S)."));
	}

	@Test
	void aBadDefaultFailsStartupWhenEveryWorkerSetsItsOwnValue() {
		this.contextRunner.withUserConfiguration(OwnLimit.class)
			.withPropertyValues("managed-workers.defaults.max-concurrency=0")
			.run((context) -> assertThat(analysis(context).getDescription()).isEqualTo(
					"Invalid value '0' for managed-workers.defaults.max-concurrency: allowed is an integer of 1 or more."));
	}

	@Test
	void aBadDefaultFailsStartupWithoutAnyWorker() {
		this.contextRunner.withPropertyValues("managed-workers.defaults.max-wait=-1s")
			.run((context) -> assertThat(analysis(context).getDescription())
				.isEqualTo("Invalid value '-1s' for managed-workers.defaults.max-wait: allowed is a duration of zero or more."));
	}

	@Test
	void aZeroDefaultRestartDelayFailsStartupWithoutAnyWorker() {
		this.contextRunner.withPropertyValues("managed-workers.defaults.restart-backoff.initial=0s")
			.run((context) -> assertThat(analysis(context).getDescription()).isEqualTo(
					"Invalid value '0s' for managed-workers.defaults.restart-backoff.initial: allowed is a positive duration."));
	}

	@Test
	void aDefaultInitialRestartDelayLongerThanTheMaxBlamesTheKeyThatWasWritten() {
		this.contextRunner.withPropertyValues("managed-workers.defaults.restart-backoff.initial=1m")
			.run((context) -> assertThat(analysis(context).getDescription())
				.isEqualTo("Invalid value '1m' for managed-workers.defaults.restart-backoff.initial: allowed is a "
						+ "duration of at most managed-workers.defaults.restart-backoff.max (PT30S)."));
	}

	@Test
	void badDefaultRestartIntensityAndStuckAfterFailStartupWithoutAnyWorker() {
		this.contextRunner.withPropertyValues("managed-workers.defaults.restart-intensity.max-restarts=-1")
			.run((context) -> assertThat(analysis(context).getDescription()).isEqualTo(
					"Invalid value '-1' for managed-workers.defaults.restart-intensity.max-restarts: allowed is an integer of 0 or more."));
		this.contextRunner.withPropertyValues("managed-workers.defaults.restart-intensity.window=0s")
			.run((context) -> assertThat(analysis(context).getDescription()).isEqualTo(
					"Invalid value '0s' for managed-workers.defaults.restart-intensity.window: allowed is a positive duration."));
		this.contextRunner.withPropertyValues("managed-workers.defaults.stuck-after=-5s")
			.run((context) -> assertThat(analysis(context).getDescription())
				.isEqualTo("Invalid value '-5s' for managed-workers.defaults.stuck-after: allowed is a positive duration."));
	}

	@Test
	void aBadValueForAWorkerThatDoesNotExistNamesItsKeyValueAndWhatIsAllowed() {
		this.contextRunner.withPropertyValues("managed-workers.workers.ghost.every=0s")
			.run((context) -> assertThat(analysis(context).getDescription())
				.isEqualTo("Invalid value '0s' for managed-workers.workers.ghost.every: allowed is a positive duration."));
	}

	@Test
	void aBadShutdownValueFailsStartupAlsoWithTheApplicationsOwnRegistry() {
		this.contextRunner.withUserConfiguration(OwnRegistry.class)
			.withPropertyValues("managed-workers.shutdown.interrupt-grace=-1s")
			.run((context) -> assertThat(analysis(context).getDescription())
				.startsWith("Invalid value '-1s' for managed-workers.shutdown.interrupt-grace: allowed is "));
	}

	@Test
	void aBadAnnotationValueNamesTheAnnotatedMethod() {
		this.contextRunner.withUserConfiguration(BadAnnotation.class)
			.run((context) -> assertThat(analysis(context)).satisfies((analysis) -> {
				assertThat(analysis.getDescription()).startsWith("Invalid every 'soon' in @ManagedWorker on ")
					.contains(BadAnnotation.class.getName() + ".tick()")
					.contains("a number with a unit (500ms, 5s, 1m, 2h, 1d) or ISO-8601 (PT1M)");
				assertThat(analysis.getAction()).startsWith("Change @ManagedWorker(every = ...)");
			}));
	}

	@Test
	void aZeroLimitInTheAnnotationIsRejected() {
		this.contextRunner.withUserConfiguration(ZeroLimit.class)
			.run((context) -> assertThat(analysis(context).getDescription())
				.startsWith("Invalid maxConcurrency '0' in @ManagedWorker on")
				.endsWith("allowed is an integer of 1 or more."));
	}

	@Test
	void anUnknownThreadModeIsReportedBySpringBootsBinderWithTheAllowedValues() {
		this.contextRunner.withPropertyValues("managed-workers.threads=turbo")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("turbo")
				.hasMessageContaining("ThreadMode"));
	}

	@Test
	@EnabledForJreRange(max = JRE.JAVA_20)
	void virtualThreadsBeforeJava21NameTheKey() {
		this.contextRunner.withPropertyValues("managed-workers.threads=virtual")
			.run((context) -> assertThat(analysis(context).getDescription())
				.startsWith("Invalid value 'virtual' for managed-workers.threads")
				.contains("VIRTUAL needs Java 21 or later"));
	}

	@Test
	void aDrainLongerThanTheShutdownPhaseIsRejected() {
		this.contextRunner
			.withPropertyValues("managed-workers.shutdown.drain-timeout=40s", "spring.lifecycle.timeout-per-shutdown-phase=30s")
			.run((context) -> assertThat(analysis(context)).satisfies((analysis) -> {
				assertThat(analysis.getDescription()).contains("managed-workers.shutdown.drain-timeout (PT40S)")
					.contains("spring.lifecycle.timeout-per-shutdown-phase (PT30S)");
				assertThat(analysis.getAction()).contains("at most PT28S");
			}));
	}

	@Test
	void aTypeLevelAnnotationOnABeanThatIsNotAWorkerIsRejected() {
		this.contextRunner.withUserConfiguration(NotAWorker.class)
			.run((context) -> assertThat(analysis(context)).satisfies((analysis) -> {
				assertThat(analysis.getDescription()).contains("bean 'notAWorkerBean'")
					.contains("does not implement io.github.managedworkers.Worker");
				assertThat(analysis.getAction()).contains("Implement Worker");
			}));
	}

	@Test
	void aMethodWithOtherParametersIsRejected() {
		this.contextRunner.withUserConfiguration(WrongSignature.class)
			.run((context) -> assertThat(analysis(context)).satisfies((analysis) -> {
				assertThat(analysis.getDescription()).contains("work(java.lang.String)")
					.contains("takes parameters that a worker cannot give");
				assertThat(analysis.getAction()).contains("no argument, or one io.github.managedworkers.WorkerContext");
			}));
	}

	@Test
	void aPrivateMethodIsRejected() {
		this.contextRunner.withUserConfiguration(PrivateMethod.class)
			.run((context) -> assertThat(analysis(context).getDescription()).contains("is static or private"));
	}

	@Test
	void twoWorkersWithOneNameAreRejected() {
		this.contextRunner.withUserConfiguration(Duplicates.class)
			.run((context) -> assertThat(analysis(context)).satisfies((analysis) -> {
				assertThat(analysis.getDescription()).startsWith("Two @ManagedWorker are named 'twin'");
				assertThat(analysis.getAction()).contains("@ManagedWorker(name = ");
			}));
	}

	@Test
	void anInvalidNameIsRejected() {
		this.contextRunner.withUserConfiguration(BadName.class)
			.run((context) -> assertThat(analysis(context).getDescription())
				.startsWith("Invalid worker name 'has space'"));
	}

	@Test
	void propertiesForAWorkerThatDoesNotExistAreRejected() {
		this.contextRunner.withUserConfiguration(OneWorker.class)
			.withPropertyValues("managed-workers.workers.onee.max-concurrency=2")
			.run((context) -> assertThat(analysis(context).getDescription())
				.startsWith("managed-workers.workers.onee configures a worker that does not exist")
				.contains("Known workers: [one]"));
	}

	@Test
	void aDottedNameWrittenWithoutBracketsGetsAHint() {
		this.contextRunner.withUserConfiguration(DottedName.class)
			.withPropertyValues("managed-workers.workers.jobs.run.max-concurrency=2")
			.run((context) -> assertThat(analysis(context).getDescription())
				.startsWith("managed-workers.workers.jobs configures a worker that does not exist")
				.contains("managed-workers.workers.[jobs.run].max-concurrency"));
	}

	@Test
	void aDottedNameInBracketsConfiguresItsWorker() {
		this.contextRunner.withUserConfiguration(DottedName.class)
			.withPropertyValues("managed-workers.workers.[jobs.run].max-concurrency=2")
			.run((context) -> assertThat(context.getBean(WorkerRegistry.class).get("jobs.run").spec().maxConcurrency())
				.isEqualTo(2));
	}

	@Test
	void aRequestScopedWorkerIsRejected() {
		this.contextRunner.withUserConfiguration(RequestScoped.class)
			.run((context) -> assertThat(analysis(context).getDescription()).contains("has scope 'request'"));
	}

	private static FailureAnalysis analysis(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new ManagedWorkersFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
		return analysis;
	}

	@Configuration(proxyBeanMethods = false)
	static class OneWorker {

		@ManagedWorker(name = "one", every = "1h")
		void run() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnLimit {

		@ManagedWorker(name = "own", every = "1h", maxConcurrency = 4)
		void run() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnRegistry {

		@Bean(destroyMethod = "close")
		WorkerRegistry workerRegistry() {
			return WorkerRegistry.builder().build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BadAnnotation {

		@ManagedWorker(every = "soon")
		void tick() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ZeroLimit {

		@ManagedWorker(maxConcurrency = 0)
		void tick() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NotAWorker {

		@Bean
		Plain notAWorkerBean() {
			return new Plain();
		}

	}

	@ManagedWorker
	static class Plain {

	}

	@Configuration(proxyBeanMethods = false)
	static class WrongSignature {

		@ManagedWorker
		void work(String what) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PrivateMethod {

		@ManagedWorker
		private void work() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Duplicates {

		@ManagedWorker(name = "twin")
		void one() {
		}

		@ManagedWorker(name = "twin")
		void other() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BadName {

		@ManagedWorker(name = "has space")
		void run() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DottedName {

		@Bean
		Jobs jobs() {
			return new Jobs();
		}

	}

	static class Jobs {

		@ManagedWorker(every = "1h")
		void run() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RequestScoped {

		@Bean
		@Scope(WebApplicationContext.SCOPE_REQUEST)
		Looper looper() {
			return new Looper();
		}

	}

	@ManagedWorker
	static class Looper implements Worker {

		@Override
		public void run(WorkerContext ctx) {
		}

	}

}
