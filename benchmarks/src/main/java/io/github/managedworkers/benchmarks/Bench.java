package io.github.managedworkers.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark, quick or full, and prints each as a Markdown table: median, spread, and the ratio to the
 * baseline measured in the same run. {@code benchmarks/run.sh} calls it.
 * <p>
 * Arguments: {@code quick} (default) or {@code full}, then optionally the sections to run, among
 * {@code spawn inflight memory snapshot stop drain contention startup adoption soak endpoint executors}.
 */
public final class Bench {

	private static final List<String> SECTIONS = List.of("spawn", "inflight", "memory", "snapshot", "stop", "drain",
			"contention", "startup", "adoption", "soak", "endpoint", "executors");

	/** The GC profiler's bytes allocated per operation. */
	private static final String ALLOCATED = "gc.alloc.rate.norm";

	private final boolean full;

	private final StringBuilder report = new StringBuilder();

	private Bench(boolean full) {
		this.full = full;
	}

	public static void main(String[] args) throws Exception {
		boolean full = args.length > 0 && args[0].equals("full");
		if (args.length > 0 && !args[0].equals("full") && !args[0].equals("quick")) {
			throw new IllegalArgumentException("'" + args[0] + "': the first argument is quick or full");
		}
		Set<String> sections = new TreeSet<>();
		for (int i = 1; i < args.length; i++) {
			if (!SECTIONS.contains(args[i])) {
				throw new IllegalArgumentException("'" + args[i] + "' is no section; the sections are " + SECTIONS);
			}
			sections.add(args[i]);
		}
		Bench bench = new Bench(full);
		bench.line("Managed-workers benchmarks, " + (full ? "full" : "quick") + " pass: Java "
				+ System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), "
				+ Runtime.getRuntime().availableProcessors() + " cores, " + (Jvm.hasVirtualThreads()
						? "managed workers on virtual threads (AUTO)" : "managed workers on platform threads (AUTO)"));
		for (String section : SECTIONS) {
			if (sections.isEmpty() || sections.contains(section)) {
				switch (section) {
					case "spawn" -> bench.spawn();
					case "inflight" -> bench.inFlight();
					case "memory" -> bench.memory();
					case "snapshot" -> bench.snapshot();
					case "stop" -> bench.stop();
					case "drain" -> bench.drain();
					case "contention" -> bench.contention();
					case "startup" -> bench.startup();
					case "adoption" -> bench.adoption();
					case "soak" -> bench.soak();
					case "endpoint" -> bench.endpoint();
					case "executors" -> bench.executors();
					default -> throw new IllegalStateException(section);
				}
			}
		}
		System.out.println();
		System.out.println(bench.report);
	}

	// The sections

	private void spawn() throws RunnerException {
		List<String> impls = new ArrayList<>(List.of("managed-platform", "raw-platform", "spring-async-platform",
				"spring-pool", "managed-platform-queued"));
		if (Jvm.hasVirtualThreads()) {
			impls.addAll(0, List.of("managed-virtual", "raw-virtual", "spring-async-virtual",
					"managed-virtual-noop-observation", "managed-virtual-observed"));
		}
		Map<String, Samples> results = byParam(run(timed(SpawnJoinBenchmark.class, 2, 5)
			.param("impl", impls.toArray(String[]::new))), "impl");
		table("1. Spawn + join of 1,000 short tasks (µs per task; lower is better)");
		for (String impl : impls) {
			// The observation cases are measured against a managed spawn without them: the ratio is their own cost.
			String baseline = impl.startsWith("managed-virtual-") ? "managed-virtual"
					: impl.endsWith("virtual") ? "raw-virtual" : impl.endsWith("queued") ? "spring-pool" : "raw-platform";
			row(impl, results.get(impl), results.get(baseline), baseline,
					impl.equals("managed-virtual") ? "≤ 1.2x" : "");
		}
	}

	private void inFlight() throws RunnerException {
		if (!Jvm.hasVirtualThreads()) {
			line("(section inflight skipped: it measures virtual threads, which need Java 21+)");
			return;
		}
		List<String> impls = List.of("raw-virtual", "managed-core", "managed-starter", "spring-async-virtual");
		// Six warm-ups: each operation starts 100,000 threads, and the first iterations measure the heap growing.
		Map<String, Samples> results = byParam(run(timed(InFlightBenchmark.class, 6, 6)
			.param("impl", impls.toArray(String[]::new))), "impl");
		table("1b. Spawn + join with 100,000 tasks in flight at once (µs per task; lower is better)");
		for (String impl : impls) {
			row(impl, results.get(impl), results.get("raw-virtual"), "raw-virtual",
					impl.startsWith("managed") ? "≤ 1.2x, below spring-async-virtual" : "");
		}
	}

	private void memory() throws Exception {
		int[] counts = Jvm.hasVirtualThreads() ? new int[] { 100_000, 1_000_000 } : new int[] { 10_000 };
		this.report.append("\n### 2. Memory per live parked task (bytes per task; each figure a fresh JVM)\n\n")
			.append("| tasks | case | heap median | heap spread | RSS median | RSS spread | heap vs raw | goal |\n")
			.append("|---|---|---|---|---|---|---|---|\n");
		for (int count : counts) {
			int repeats = this.full ? 5 : (count > 100_000 ? 1 : 3);
			Map<String, Samples[]> results = new LinkedHashMap<>();
			for (String kind : List.of("raw", "managed")) {
				Samples heap = new Samples();
				Samples rss = new Samples();
				for (int i = 0; i < repeats; i++) {
					long[] figures = probe(kind, count);
					heap.add(figures[0]);
					rss.add(figures[1]);
				}
				results.put(kind, new Samples[] { heap, rss });
			}
			for (String kind : results.keySet()) {
				Samples[] figures = results.get(kind);
				this.report.append(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %s | %s | %s | %s |%n", count,
						kind, Samples.format(figures[0].median()), figures[0].spread(),
						Samples.format(figures[1].median()), figures[1].spread(),
						ratio(figures[0], results.get("raw")[0]), kind.equals("managed") ? "≤ 1.2x" : "baseline"));
			}
		}
	}

	private void snapshot() throws RunnerException {
		// 100,000 platform threads are more than a process may start here: on Java 17 the list stops at 10,000.
		List<Integer> counts = Jvm.hasVirtualThreads() ? List.of(10_000, 100_000) : List.of(10_000);
		// The GC profiler's bytes per call show what the work is, apart from the GC noise in a microsecond's timing.
		Collection<RunResult> runs = run(timed(SnapshotBenchmark.class, 1, 3).addProfiler(GCProfiler.class)
			.param("liveTasks", counts.stream().map(String::valueOf).toArray(String[]::new)));
		table("3. Snapshots with many live tasks (per call: summaries in µs, task lists in ms; lower is better)");
		Samples summaryAt10k = byMethod(runs, 10_000, null).get("summary");
		Samples bytesAt10k = byMethod(runs, 10_000, ALLOCATED).get("summary");
		for (int live : counts) {
			Map<String, Samples> at = byMethod(runs, live, null);
			String tasks = String.format(Locale.ROOT, "%,d tasks", live);
			row("summary of 10 workers (µs), " + tasks, at.get("summary"), summaryAt10k, "the same at 10,000 tasks",
					"");
			row("summary of 10 workers (bytes allocated), " + tasks, byMethod(runs, live, ALLOCATED).get("summary"),
					bytesAt10k, "the same at 10,000 tasks", "O(workers): 1x");
			row("task list, " + tasks, at.get("taskList"), null, "", "");
			row("task list with stacks, " + tasks, at.get("taskListWithStacks"), at.get("rawStacks"),
					"raw getStackTrace()", (live == 10_000) ? "well under 1,000 ms" : "");
		}
	}

	private void endpoint() throws RunnerException {
		if (!Jvm.hasVirtualThreads()) {
			line("(section endpoint skipped: 100,000 parked tasks need virtual threads, Java 21+)");
			return;
		}
		Collection<RunResult> runs = run(timed(EndpointBenchmark.class, 1, 3).addProfiler(GCProfiler.class));
		table("9. The workers endpoint, one request with 100,000 live tasks (bytes allocated per request; "
				+ "lower is better)");
		Map<String, Samples> at1k = byMethod(runs, 1_000, ALLOCATED);
		Map<String, Samples> at100k = byMethod(runs, 100_000, ALLOCATED);
		Map<String, Samples> time100k = byMethod(runs, 100_000, null);
		for (Map.Entry<String, Samples> request : at100k.entrySet()) {
			String name = request.getKey();
			if (name.startsWith("unownedWith") || name.equals("jdkThreadDump")) {
				// Past the JDK's own dump, which grows with the threads whoever reads it.
				row(name + " (bytes)", request.getValue(), at100k.get("jdkThreadDump"), "the JDK's dump alone",
						name.equals("jdkThreadDump") ? "" : "~1x: streamed, no dump string");
				row(name + " (ms)", time100k.get(name), time100k.get("jdkThreadDump"), "the JDK's dump alone", "");
				continue;
			}
			row(name + " (bytes)", request.getValue(), at1k.get(name), "the same at 1,000 tasks",
					name.equals("unownedAnonymous") ? "no dump" : "bounded: ~1x");
			row(name + " (ms)", time100k.get(name), byMethod(runs, 1_000, null).get(name), "the same at 1,000 tasks",
					"");
		}
	}

	private void stop() throws RunnerException {
		ChainedOptionsBuilder options = base(StopBenchmark.class).mode(Mode.SingleShotTime)
			.warmupIterations(this.full ? 5 : 2)
			.measurementIterations(this.full ? 20 : 5);
		Map<String, Samples> results = byParam(run(options), "shape");
		table("4. Stop latency of 10,000 idle tasks in a 10 s sleep (ms from drain to all exited)");
		row("raw-shutdown-now", results.get("raw-shutdown-now"), results.get("raw-shutdown-now"),
				"raw-shutdown-now", "");
		row("managed-tasks", results.get("managed-tasks"), results.get("raw-shutdown-now"), "raw-shutdown-now",
				"< 50 ms");
		row("managed-loop-workers", results.get("managed-loop-workers"), results.get("raw-shutdown-now"),
				"raw-shutdown-now", "< 50 ms");
	}

	private void drain() throws RunnerException {
		// 100,000 platform threads are more than a process may start here: on Java 17 the drain stops at 2,000.
		String[] counts = Jvm.hasVirtualThreads() ? new String[] { "20000", "100000" } : new String[] { "2000" };
		Collection<RunResult> runs = run(base(DrainBenchmark.class).mode(Mode.SingleShotTime)
			.param("tasks", counts)
			.warmupIterations(this.full ? 5 : 2)
			.measurementIterations(this.full ? 20 : 5));
		table("4b. The drain: tasks in ctx.sleep woken by the stop signal (ms from drain to all ended and reported)");
		for (String count : counts) {
			Map<String, Samples> results = new LinkedHashMap<>();
			for (RunResult run : runs) {
				if (run.getParams().getParam("tasks").equals(count)) {
					results.put(run.getParams().getParam("shape"), samples(run));
				}
			}
			String baseline = "raw-unpark, " + count;
			row(baseline, results.get("raw-unpark"), results.get("raw-unpark"), baseline, "");
			row("managed-drain, " + count, results.get("managed-drain"), results.get("raw-unpark"), baseline, "");
		}
	}

	private void contention() throws RunnerException {
		Collection<RunResult> runs = run(timed(BulkheadContentionBenchmark.class, 1, 4));
		table("5. Submit under a full bulkhead of 2 (µs per submitted task; lower is better)");
		for (String submitters : List.of("2", "64", "10000")) {
			Map<String, Samples> results = new LinkedHashMap<>();
			for (RunResult run : runs) {
				if (run.getParams().getParam("submitters").equals(submitters)) {
					results.put(run.getParams().getParam("impl"), samples(run));
				}
			}
			String baseline = "fair Semaphore, " + submitters + " submitters";
			row(baseline, results.get("semaphore"), results.get("semaphore"), baseline, "");
			row("fair Semaphore, timed wait, " + submitters + " submitters", results.get("timed-semaphore"),
					results.get("semaphore"), baseline, "");
			row("managed, " + submitters + " submitters", results.get("managed"), results.get("semaphore"), baseline,
					"");
		}
	}

	private void adoption() throws RunnerException {
		boolean virtual = Runtime.version().feature() >= 21;
		ChainedOptionsBuilder options = timed(AdoptedAsyncBenchmark.class, 1, 3);
		if (!virtual) {
			options = options.param("impl", "adopted-platform", "boot-platform");
		}
		Map<String, Samples> results = byParam(run(options), "impl");
		table("7. An @Async call, adopted vs Boot's own applicationTaskExecutor (µs per call; lower is better)");
		row("boot-platform (ThreadPoolTaskExecutor)", results.get("boot-platform"), results.get("boot-platform"),
				"boot-platform", "");
		row("adopted-platform", results.get("adopted-platform"), results.get("boot-platform"), "boot-platform",
				"≤ 1.5×");
		if (virtual) {
			row("boot-virtual (SimpleAsyncTaskExecutor)", results.get("boot-virtual"), results.get("boot-virtual"),
					"boot-virtual", "");
			row("adopted-virtual", results.get("adopted-virtual"), results.get("boot-virtual"), "boot-virtual",
					"≤ 1.2×");
		}
	}

	private void soak() {
		int tasks = 1_000_000;
		int perSecond = 50_000;
		// Boot's own first, then the adopted one: the JVM is warm for the second; the heap is sampled after a full GC.
		SchedulerSoak.Result boot = SchedulerSoak.run(false, tasks, perSecond);
		SchedulerSoak.Result adopted = SchedulerSoak.run(true, tasks, perSecond);
		this.report.append("\n### 8. Soak: ").append(String.format(Locale.ROOT, "%,d", tasks))
			.append(" one-shot tasks at ").append(String.format(Locale.ROOT, "%,d", perSecond))
			.append("/s through the TaskScheduler (process CPU µs per task; lower is better)\n\n")
			.append("| case | CPU per task | vs baseline | wall time |\n|---|---|---|---|\n");
		for (SchedulerSoak.Result result : List.of(boot, adopted)) {
			this.report.append(String.format(Locale.ROOT, "| %s | %.2f µs | %.2fx boot | %.1f s |%n",
					result.adopted() ? "adopted (shared scheduled-tasks worker)" : "boot (ThreadPoolTaskScheduler)",
					result.cpuMicrosPerTask(), result.cpuMicrosPerTask() / boot.cpuMicrosPerTask(), result.seconds()));
		}
		this.report.append("\nAfter each tenth of the run (heap after a full GC; live platform threads; registry "
				+ "workers; tasks scheduled but not yet run):\n\n| scheduled | boot heap MB | boot threads | "
				+ "adopted heap MB | adopted threads | adopted workers | adopted not yet run |\n"
				+ "|---|---|---|---|---|---|---|\n");
		for (int i = 0; i < boot.samples().size(); i++) {
			SchedulerSoak.Sample b = boot.samples().get(i);
			SchedulerSoak.Sample a = adopted.samples().get(i);
			this.report.append(String.format(Locale.ROOT, "| %,d | %.1f | %d | %.1f | %d | %d | %d |%n", a.scheduled(),
					b.heapMb(), b.threads(), a.heapMb(), a.threads(), a.workers(), a.notYetRun()));
		}
	}

	private void executors() throws RunnerException {
		Map<String, Samples> results = byParam(run(timed(OwnedExecutorBenchmark.class, 2, 5)), "impl");
		table("10. A task through the application's own ThreadPoolTaskExecutor (4 threads), owned vs left alone (µs per "
				+ "task; lower is better)");
		row("plain (managed-workers.adopt.executors=false)", results.get("plain"), results.get("plain"), "plain", "");
		row("owned (the worker taskExecutor)", results.get("owned"), results.get("plain"), "plain", "≤ 1.2×");
		row("plain, with a TaskDecorator of the application's", results.get("plain-decorated"), results.get("plain"),
				"plain", "");
	}

	private void startup() throws RunnerException {
		// A discarded fork first: the first JVM of a run reads the jars from disk, which would count against one case.
		ChainedOptionsBuilder options = base(StartupBenchmark.class).mode(Mode.SingleShotTime)
			.warmupForks(1)
			.forks(this.full ? 10 : 3)
			.warmupIterations(0)
			.measurementIterations(1);
		Map<String, Samples> results = byParam(run(options), "starter");
		table("6. Cold application context start, one per JVM (ms)");
		row("without-starter", results.get("without-starter"), results.get("without-starter"), "without-starter", "");
		row("with-starter", results.get("with-starter"), results.get("without-starter"), "without-starter", "");
	}

	// JMH

	private ChainedOptionsBuilder base(Class<?> benchmark) {
		return new OptionsBuilder().include(benchmark.getName() + "\\.")
			.forks(this.full ? 3 : 1)
			.jvmArgsAppend("-Xms1g", "-Xmx8g")
			.shouldFailOnError(true);
	}

	private ChainedOptionsBuilder timed(Class<?> benchmark, int warmups, int measurements) {
		TimeValue time = TimeValue.seconds(this.full ? 2 : 1);
		return base(benchmark).warmupIterations(this.full ? 2 * warmups : warmups)
			.warmupTime(time)
			.measurementIterations(this.full ? 2 * measurements : measurements)
			.measurementTime(time);
	}

	private static Collection<RunResult> run(ChainedOptionsBuilder options) throws RunnerException {
		return new Runner(options.build()).run();
	}

	/** Every measured iteration of every fork: the spread is what the machine really did. */
	private static Samples samples(RunResult run) {
		return samples(run, null);
	}

	/** The primary score of every iteration, or the named secondary one. */
	private static Samples samples(RunResult run, String secondary) {
		Samples samples = new Samples();
		for (BenchmarkResult fork : run.getBenchmarkResults()) {
			for (IterationResult iteration : fork.getIterationResults()) {
				samples.add((secondary == null) ? iteration.getPrimaryResult().getScore()
						: iteration.getSecondaryResults().get(secondary).getScore());
			}
		}
		return samples;
	}

	private static Map<String, Samples> byParam(Collection<RunResult> runs, String param) {
		Map<String, Samples> results = new LinkedHashMap<>();
		for (RunResult run : runs) {
			results.put(run.getParams().getParam(param), samples(run));
		}
		return results;
	}

	private static Map<String, Samples> byMethod(Collection<RunResult> runs, int liveTasks, String secondary) {
		Map<String, Samples> results = new LinkedHashMap<>();
		for (RunResult run : runs) {
			if (run.getParams().getParam("liveTasks").equals(Integer.toString(liveTasks))) {
				String benchmark = run.getParams().getBenchmark();
				results.put(benchmark.substring(benchmark.lastIndexOf('.') + 1), samples(run, secondary));
			}
		}
		return results;
	}

	// The memory probe, one fresh JVM per figure

	private static long[] probe(String kind, int count) throws Exception {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process process = new ProcessBuilder(java.toString(), "-Xmx12g", "-cp",
				System.getProperty("java.class.path"), ParkedMemoryProbe.class.getName(), kind,
				Integer.toString(count))
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		String result = null;
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = out.readLine(); line != null; line = out.readLine()) {
				if (line.startsWith("RESULT ")) {
					result = line;
				}
			}
		}
		int status = process.waitFor();
		if (status != 0 || result == null) {
			throw new IllegalStateException("the memory probe (" + kind + ", " + count + ") failed with status "
					+ status);
		}
		System.out.println(result);
		String[] fields = result.split(" ");
		return new long[] { Long.parseLong(fields[3]), Long.parseLong(fields[4]) };
	}

	// The report

	private void line(String text) {
		this.report.append(text).append('\n');
	}

	private void table(String title) {
		this.report.append("\n### ").append(title).append("\n\n")
			.append("| case | median | spread | vs baseline | goal |\n")
			.append("|---|---|---|---|---|\n");
	}

	private void row(String name, Samples samples, Samples baseline, String baselineName, String goal) {
		String versus = (baseline == null) ? "" : ratio(samples, baseline) + " " + baselineName;
		this.report.append("| ").append(name).append(" | ").append(Samples.format(samples.median())).append(" | ")
			.append(samples.spread()).append(" | ").append(versus).append(" | ").append(goal).append(" |\n");
	}

	private static String ratio(Samples samples, Samples baseline) {
		double ratio = samples.median() / baseline.median();
		return String.format(Locale.ROOT, (ratio < 0.1) ? "%.3fx" : "%.2fx", ratio);
	}

}
