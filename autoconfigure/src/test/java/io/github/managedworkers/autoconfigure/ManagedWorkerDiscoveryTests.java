package io.github.managedworkers.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.config.CustomScopeConfigurer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;
import org.springframework.context.support.SimpleThreadScope;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.github.managedworkers.ManagedWorker;
import io.github.managedworkers.Worker;
import io.github.managedworkers.WorkerContext;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.WorkerState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ManagedWorkerDiscoveryTests {

	private static final Duration LONG = Duration.ofMinutes(1);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ManagedWorkersAutoConfiguration.class));

	@Test
	void aWorkerMethodOfAnImportedNestedClassIsNamedAfterItsShortClassName() {
		// @Import names the bean after the class's binary name, "...ManagedWorkerDiscoveryTests$ImportedJobs"
		this.contextRunner.withUserConfiguration(ImportsNested.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(WorkerRegistry.class).find("managedWorkerDiscoveryTests.ImportedJobs.sweep"))
				.isPresent();
		});
	}

	@Test
	void aWorkerTypeImportedAsANestedClassIsNamedAfterItsShortClassName() {
		this.contextRunner.withUserConfiguration(ImportsNested.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(WorkerRegistry.class).find("managedWorkerDiscoveryTests.ImportedLooper"))
				.isPresent();
		});
	}

	@Test
	void aTransactionalWorkerMethodRunsInATransaction() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:discovery;DB_CLOSE_DELAY=-1",
					"spring.datasource.generate-unique-name=false")
			.withUserConfiguration(TransactionalJobsConfiguration.class)
			.run((context) -> {
				TransactionalJobs jobs = context.getBean(TransactionalJobs.class);
				await().atMost(LONG).until(() -> !jobs.inTransaction().isEmpty());
				assertThat(jobs.inTransaction()).allMatch(Boolean::booleanValue);
				assertThat(context.getBean(WorkerRegistry.class).find("transactionalJobs.sweep")).isPresent();
			});
	}

	@Test
	void anAspectAroundAWorkerBeanApplies() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class))
			.withUserConfiguration(Advised.class)
			.run((context) -> {
				await().atMost(LONG).until(() -> context.getBean(Advised.class).advice.get() > 0);
				assertThat(context.getBean(WorkerRegistry.class).get("advisedWorker").state())
					.isEqualTo(WorkerState.RUNNING);
			});
	}

	@Test
	void aPrototypeWorkerGetsAFreshInstanceEachTimeItsBodyStarts() {
		this.contextRunner.withUserConfiguration(Prototypes.class).run((context) -> {
			await().atMost(LONG).until(() -> Prototypes.instances.get() >= 3);
			assertThat(Prototypes.runsPerInstance).allMatch((runs) -> runs == 1);
		});
	}

	@Test
	void aLazyWorkerBeanStillRuns() {
		this.contextRunner.withUserConfiguration(LazyWorker.class)
			.withPropertyValues("spring.main.lazy-initialization=true")
			.run((context) -> await().atMost(LONG).until(() -> LazyWorker.ran.get() > 0));
	}

	@Test
	void aScopedProxyWorkerIsCalledThroughItsProxy() {
		this.contextRunner.withUserConfiguration(ScopedProxyWorker.class).run((context) -> {
			await().atMost(LONG).until(() -> ScopedProxyWorker.ran.get() > 0);
			assertThat(context.getBean(WorkerRegistry.class).workers()).hasSize(1);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class TransactionalJobsConfiguration {

		@Bean
		TransactionalJobs transactionalJobs() {
			return new TransactionalJobs();
		}

	}

	static class TransactionalJobs {

		private final List<Boolean> inTransaction = new CopyOnWriteArrayList<>();

		public List<Boolean> inTransaction() {
			return this.inTransaction;
		}

		@Transactional
		@ManagedWorker(every = "1ms")
		public void sweep() {
			this.inTransaction.add(TransactionSynchronizationManager.isActualTransactionActive());
		}

	}

	@Aspect
	static class CountingAspect {

		private final AtomicInteger advice;

		CountingAspect(AtomicInteger advice) {
			this.advice = advice;
		}

		@Around("execution(* io.github.managedworkers.Worker.run(..))")
		Object count(ProceedingJoinPoint call) throws Throwable {
			this.advice.incrementAndGet();
			return call.proceed();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Advised {

		final AtomicInteger advice = new AtomicInteger();

		@Bean
		CountingAspect countingAspect() {
			return new CountingAspect(this.advice);
		}

		@Bean
		AdvisedWorker advisedWorker() {
			return new AdvisedWorker();
		}

	}

	@ManagedWorker
	static class AdvisedWorker implements Worker {

		@Override
		public void run(WorkerContext ctx) {
			while (!ctx.isStopping()) {
				ctx.sleep(LONG);
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Prototypes {

		static final AtomicInteger instances = new AtomicInteger();

		static final List<Integer> runsPerInstance = new CopyOnWriteArrayList<>();

		@Bean
		@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
		PrototypeWorker prototypeWorker() {
			instances.incrementAndGet();
			return new PrototypeWorker();
		}

	}

	@ManagedWorker(every = "1ms")
	static class PrototypeWorker implements Worker {

		private int runs;

		@Override
		public void run(WorkerContext ctx) {
			this.runs++;
			Prototypes.runsPerInstance.add(this.runs);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LazyWorker {

		static final AtomicInteger ran = new AtomicInteger();

		@ManagedWorker(every = "1ms")
		void tick() {
			ran.incrementAndGet();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ScopedProxyWorker {

		static final AtomicInteger ran = new AtomicInteger();

		@Bean
		@Scope(scopeName = "thread", proxyMode = ScopedProxyMode.TARGET_CLASS)
		Ticker ticker() {
			return new Ticker();
		}

		@Bean
		static CustomScopeConfigurer threadScope() {
			CustomScopeConfigurer configurer = new CustomScopeConfigurer();
			configurer.addScope("thread", new SimpleThreadScope());
			return configurer;
		}

	}

	static class Ticker {

		@ManagedWorker(name = "ticker", every = "1ms")
		public void tick() {
			ScopedProxyWorker.ran.incrementAndGet();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import({ ImportedJobs.class, ImportedLooper.class })
	static class ImportsNested {

	}

	static class ImportedJobs {

		@ManagedWorker(every = "1h")
		void sweep() {
		}

	}

	@ManagedWorker
	static class ImportedLooper implements Worker {

		@Override
		public void run(WorkerContext ctx) {
			while (!ctx.isStopping()) {
				ctx.sleep(LONG);
			}
		}

	}

}
