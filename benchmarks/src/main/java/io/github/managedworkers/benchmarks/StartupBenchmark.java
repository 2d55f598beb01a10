package io.github.managedworkers.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.managedworkers.WorkerRegistry;

/**
 * Application context start time of {@link StartupApp}, cold: one start per forked JVM, with the starter's
 * auto-configuration and without it (excluded, as if the starter were not there).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StartupBenchmark {

	static final String AUTO_CONFIGURATIONS = String.join(",",
			"io.github.managedworkers.autoconfigure.ManagedWorkersAutoConfiguration",
			"io.github.managedworkers.autoconfigure.endpoint.ManagedWorkersEndpointAutoConfiguration",
			"io.github.managedworkers.autoconfigure.health.ManagedWorkersHealthAutoConfiguration",
			"io.github.managedworkers.autoconfigure.metrics.ManagedWorkersMetricsAutoConfiguration");

	@Param({ "with-starter", "without-starter" })
	public String starter;

	private ConfigurableApplicationContext context;

	@Benchmark
	public ConfigurableApplicationContext start() {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
				"--logging.level.root=WARN", "--management.endpoints.web.exposure.include=health,workers,prometheus",
				"--spring.datasource.url=jdbc:h2:mem:startup", "--spring.sql.init.mode=always",
				"--spring.sql.init.schema-locations=classpath:startup-schema.sql"));
		if ("without-starter".equals(this.starter)) {
			args.add("--spring.autoconfigure.exclude=" + AUTO_CONFIGURATIONS);
		}
		this.context = SpringApplication.run(StartupApp.class, args.toArray(String[]::new));
		return this.context;
	}

	@TearDown(Level.Iteration)
	public void tearDown() {
		boolean managed = !this.context.getBeansOfType(WorkerRegistry.class).isEmpty();
		this.context.close();
		if (managed != "with-starter".equals(this.starter)) {
			throw new IllegalStateException("the starter's auto-configuration was "
					+ (managed ? "on" : "off") + " in the '" + this.starter + "' case");
		}
	}

}
