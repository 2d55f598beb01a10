package io.github.managedworkers.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;

import io.github.managedworkers.ThreadMode;
import io.github.managedworkers.WorkerHandle;
import io.github.managedworkers.WorkerRegistry;
import io.github.managedworkers.autoconfigure.endpoint.WorkersEndpoint;
import io.github.managedworkers.autoconfigure.endpoint.WorkersEndpointProperties;

/**
 * What one request to {@code /actuator/workers} costs whatever it asks, with {@code liveTasks} parked in one worker
 * (and nine idle ones): the endpoint's operations as the web layer calls them, for an anonymous caller and for one
 * who may see stacks, at the default {@code task-limit} (1,000). Run with the GC profiler: the bytes allocated per
 * request at 100,000 tasks against the same request at 1,000 show whether it is bounded.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EndpointBenchmark {

	/** A caller who may see stacks: authenticated, and show-stacks is when-authorized with no roles set. */
	private static final SecurityContext OPERATOR = new SecurityContext() {

		private final Principal principal = () -> "operator";

		@Override
		public Principal getPrincipal() {
			return this.principal;
		}

		@Override
		public boolean isUserInRole(String role) {
			return true;
		}

	};

	@Param({ "1000", "100000" })
	public int liveTasks;

	private WorkerRegistry registry;

	private WorkersEndpoint endpoint;

	private Method dumpThreads;

	private Object diagnostics;

	private Object jsonFormat;

	@Setup(Level.Trial)
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public void setUp() {
		this.registry = Managed.registry(ThreadMode.AUTO);
		for (int i = 1; i < 10; i++) {
			Managed.worker(this.registry, "idle-" + i, 16, Duration.ZERO);
		}
		WorkerHandle busy = Managed.worker(this.registry, "busy", this.liveTasks, Duration.ZERO);
		ParkedTasks.submit(busy, this.liveTasks);
		this.endpoint = new WorkersEndpoint(this.registry, new WorkersEndpointProperties());
		try {
			// HotSpotDiagnosticMXBean.dumpThreads(file, JSON), by reflection: the benchmarks compile for Java 17.
			Class beanType = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
			Class formatType = Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
			this.dumpThreads = beanType.getMethod("dumpThreads", String.class, formatType);
			this.diagnostics = ManagementFactory.getPlatformMXBean(beanType);
			this.jsonFormat = Enum.valueOf(formatType, "JSON");
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("The JDK's JSON thread dump needs Java 21+", ex);
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		Managed.drain(this.registry, this.liveTasks, Duration.ofSeconds(60));
		this.registry.close();
	}

	@Benchmark
	public Object list() {
		return this.endpoint.workers(OPERATOR);
	}

	@Benchmark
	public OperationResponseBody tasksAnonymousLimitMax() {
		return this.endpoint.worker("busy", null, Integer.MAX_VALUE, null, SecurityContext.NONE);
	}

	@Benchmark
	public OperationResponseBody tasksWithStacksLimitMax() {
		return this.endpoint.worker("busy", null, Integer.MAX_VALUE, null, OPERATOR);
	}

	@Benchmark
	public OperationResponseBody groupedByStack() {
		return this.endpoint.worker("busy", "stack", null, null, OPERATOR);
	}

	@Benchmark
	public OperationResponseBody treeLimitMax() {
		return this.endpoint.worker("busy", null, Integer.MAX_VALUE, "tree", OPERATOR);
	}

	@Benchmark
	public OperationResponseBody unownedAnonymous() {
		return this.endpoint.unownedThreads("unowned", SecurityContext.NONE);
	}

	@Benchmark
	public OperationResponseBody unownedWithStacks() {
		return this.endpoint.unownedThreads("unowned", OPERATOR);
	}

	/** The floor of the view above: the JDK writing its JSON thread dump to a file, read by nobody. */
	@Benchmark
	public long jdkThreadDump() throws Exception {
		Path file = Files.createTempFile("threads", ".json");
		Files.delete(file);
		try {
			this.dumpThreads.invoke(this.diagnostics, file.toString(), this.jsonFormat);
			return Files.size(file);
		}
		finally {
			Files.deleteIfExists(file);
		}
	}

}
