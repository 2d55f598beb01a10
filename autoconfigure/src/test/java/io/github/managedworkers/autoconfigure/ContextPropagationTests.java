package io.github.managedworkers.autoconfigure;

import java.time.Duration;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import io.github.managedworkers.ManagedWorker;
import io.github.managedworkers.Task;
import io.github.managedworkers.TaskKind;
import io.github.managedworkers.TaskDecorator;
import io.github.managedworkers.WorkerContext;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ContextPropagationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ManagedWorkersAutoConfiguration.class))
		.withUserConfiguration(Pool.class);

	@AfterEach
	void clearMdc() {
		MDC.clear();
	}

	@Test
	void theSubmittersMdcReachesTheTask() {
		this.contextRunner.run((context) -> {
			MDC.put("requestId", "r-42");
			assertThat(pool(context.getBean(WorkerRegistry.class)).submit((ctx) -> MDC.get("requestId")).get(10, TimeUnit.SECONDS))
				.isEqualTo("r-42");
		});
	}

	@Test
	void theSubmittersObservationReachesTheTask() {
		this.contextRunner.run((context) -> {
			ObservationRegistry observations = ObservationRegistry.create();
			observations.observationConfig().observationHandler((observationContext) -> true);
			ObservationThreadLocalAccessor.getInstance().setObservationRegistry(observations);
			Observation observation = Observation.start("job.submit", observations);
			try (Observation.Scope scope = observation.openScope()) {
				CompletableFuture<Observation> seen = pool(context.getBean(WorkerRegistry.class))
					.submit((ctx) -> observations.getCurrentObservation());
				assertThat(seen.get(10, TimeUnit.SECONDS)).isSameAs(observation);
			}
			finally {
				observation.stop();
			}
		});
	}

	@Test
	void withoutContextPropagationOnTheClassPathTheMdcStillReachesTheTask() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.context")).run((context) -> {
			assertThat(context.getBean(ContextPropagation.class).decorator()).isInstanceOf(MdcTaskDecorator.class);
			MDC.put("requestId", "r-7");
			assertThat(pool(context.getBean(WorkerRegistry.class)).submit((ctx) -> MDC.get("requestId")).get(10, TimeUnit.SECONDS))
				.isEqualTo("r-7");
		});
	}

	@Test
	void propagationCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("managed-workers.context-propagation=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ContextPropagation.class);
			MDC.put("requestId", "r-9");
			assertThat(pool(context.getBean(WorkerRegistry.class)).submit((ctx) -> MDC.get("requestId")).get(10, TimeUnit.SECONDS))
				.isNull();
		});
	}

	@Test
	void aDecoratorBeanAddsToTheBuiltInPropagationAndRunsInsideIt() {
		this.contextRunner.withUserConfiguration(TenantDecorator.class).run((context) -> {
			MDC.put("requestId", "r-1");
			TENANT.set("acme");
			try {
				assertThat(pool(context.getBean(WorkerRegistry.class))
					.submit((ctx) -> MDC.get("requestId") + " " + TENANT.get() + " " + MDC.get("tenantSeenWithRequest"))
					.get(10, TimeUnit.SECONDS)).isEqualTo("r-1 acme r-1");
			}
			finally {
				TENANT.remove();
			}
		});
	}

	@Test
	void everyDecoratorBeanAppliesInOrderTheFirstOneInnermost() {
		this.contextRunner.withUserConfiguration(OrderedDecorators.class).run((context) -> {
			List<String> calls = context.getBean("calls", CallLog.class).calls;
			assertThat(pool(context.getBean(WorkerRegistry.class)).submit((ctx) -> calls.add("task"))
				.get(10, TimeUnit.SECONDS)).isTrue();
			assertThat(calls).containsExactly("second", "first", "task");
		});
	}

	@Test
	void aSpringTaskDecoratorBeanAppliesToWorkersTasks() {
		this.contextRunner.withUserConfiguration(SpringTenantDecorator.class).run((context) -> {
			MDC.put("requestId", "r-2");
			TENANT.set("globex");
			try {
				assertThat(pool(context.getBean(WorkerRegistry.class))
					.submit((ctx) -> TENANT.get() + " " + MDC.get("requestId"))
					.get(10, TimeUnit.SECONDS)).isEqualTo("globex r-2");
			}
			finally {
				TENANT.remove();
			}
		});
	}

	@Test
	void aTaskUnderASpringTaskDecoratorFailsWithItsOwnException() {
		this.contextRunner.withUserConfiguration(SpringTenantDecorator.class).run((context) -> {
			Task<String> failing = (ctx) -> {
				throw new IOException("disk full");
			};
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> pool(context.getBean(WorkerRegistry.class)).submit(failing).get(10, TimeUnit.SECONDS))
				.withCauseInstanceOf(IOException.class)
				.withMessageContaining("disk full");
		});
	}

	private static WorkerHandle pool(WorkerRegistry registry) {
		return registry.get("pool");
	}

	private static final ThreadLocal<String> TENANT = new ThreadLocal<>();

	@Configuration(proxyBeanMethods = false)
	static class TenantDecorator {

		@Bean
		TaskDecorator tenantDecorator() {
			return new TaskDecorator() {
				@Override
				public <T> Task<T> decorate(Task<T> task) {
					String tenant = TENANT.get();
					return (ctx) -> {
						TENANT.set(tenant);
						// what the built-in propagation restored, if it runs outside this decorator
						MDC.put("tenantSeenWithRequest", MDC.get("requestId"));
						try {
							return task.call(ctx);
						}
						finally {
							TENANT.remove();
						}
					};
				}
			};
		}

	}

	static class CallLog {

		final List<String> calls = new CopyOnWriteArrayList<>();

	}

	@Configuration(proxyBeanMethods = false)
	static class OrderedDecorators {

		@Bean
		CallLog calls() {
			return new CallLog();
		}

		@Bean
		@Order(2)
		TaskDecorator secondDecorator(CallLog log) {
			return logging("second", log);
		}

		@Bean
		@Order(1)
		TaskDecorator firstDecorator(CallLog log) {
			return logging("first", log);
		}

		private static TaskDecorator logging(String name, CallLog log) {
			return new TaskDecorator() {
				@Override
				public <T> Task<T> decorate(Task<T> task) {
					return (ctx) -> {
						// Body runs are decorated too: only the submitted task's order is looked at here.
						if (ctx.kind() == TaskKind.TASK) {
							log.calls.add(name);
						}
						return task.call(ctx);
					};
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SpringTenantDecorator {

		@Bean
		org.springframework.core.task.TaskDecorator springTenantDecorator() {
			return (runnable) -> {
				String tenant = TENANT.get();
				return () -> {
					TENANT.set(tenant);
					try {
						runnable.run();
					}
					finally {
						TENANT.remove();
					}
				};
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Pool {

		@Bean
		Looper looper() {
			return new Looper();
		}

	}

	static class Looper {

		@ManagedWorker(name = "pool")
		void run(WorkerContext ctx) {
			while (!ctx.isStopping()) {
				ctx.sleep(Duration.ofMinutes(1));
			}
		}

	}

}
