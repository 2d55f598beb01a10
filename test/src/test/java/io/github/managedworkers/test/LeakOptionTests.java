package io.github.managedworkers.test;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class LeakOptionTests {

	@Test
	void aNegativeMaxWaitIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> LeakOption.maxWait(Duration.ofMillis(-1)))
			.withMessage("maxWait(PT-0.001S) is negative: give a duration of zero or more "
					+ "(zero looks once, without waiting)");
		assertThatNullPointerException().isThrownBy(() -> LeakOption.maxWait(null))
			.withMessage("maxWait(null): give a duration of zero or more");
	}

	@Test
	void aNullOrBlankNameOrFrameIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> LeakOption.ignoreThreadsNamed(null))
			.withMessage("ignoreThreadsNamed(null) needs a regular expression such as \"grpc-default-worker-.*\"");
		assertThatIllegalArgumentException().isThrownBy(() -> LeakOption.ignoreThreadsNamed(" "))
			.withMessageStartingWith("ignoreThreadsNamed(\" \") needs a regular expression");
		assertThatIllegalArgumentException().isThrownBy(() -> LeakOption.ignoreThreadsWithFrame(null))
			.withMessage("ignoreThreadsWithFrame(null) needs a class name or class.method, "
					+ "such as \"com.example.Poller\"");
		assertThatIllegalArgumentException().isThrownBy(() -> LeakOption.ignoreThreadsWithFrame(""))
			.withMessageStartingWith("ignoreThreadsWithFrame(\"\") needs a class name");
	}

	@Test
	void aNameThatIsNotARegularExpressionIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> LeakOption.ignoreThreadsNamed("worker-[0-9"))
			.withMessage("ignoreThreadsNamed(\"worker-[0-9\") is not a regular expression: Unclosed character class");
	}

	@Test
	void aFrameWrittenAsAStackTracePrintsItIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LeakOption.ignoreThreadsWithFrame("java.base/java.lang.Thread.run(Thread.java:840)"))
			.withMessage("ignoreThreadsWithFrame(\"java.base/java.lang.Thread.run(Thread.java:840)\") is not a frame; "
					+ "leave out the module, file and line: give a fully qualified class name, optionally followed "
					+ "by .method, such as \"com.example.Poller\" or \"com.example.Poller.awaitWork\"");
	}

	@Test
	void aFrameThatCouldNeverMatchIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> LeakOption.ignoreThreadsWithFrame("com.example.Poller"))
			.withMessageStartingWith("ignoreThreadsWithFrame(\"com.example.Poller\") names no class or method "
					+ "that this test can load, so it would never match");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LeakOption.ignoreThreadsWithFrame("java.lang.Thread.runn"))
			.withMessageStartingWith("ignoreThreadsWithFrame(\"java.lang.Thread.runn\") names no class or method");
		assertThatIllegalArgumentException().isThrownBy(() -> LeakOption.ignoreThreadsWithFrame("Thread"))
			.withMessageContaining("names no class or method");
	}

	@Test
	void framesNameClassesMethodsInheritedMethodsAndConstructors() {
		assertThat(LeakOption.ignoreThreadsWithFrame("java.lang.Thread")).hasToString(
				"ignoreThreadsWithFrame(\"java.lang.Thread\")");
		assertThat(LeakOption.ignoreThreadsWithFrame("java.lang.Thread.run")).isNotNull();
		assertThat(LeakOption.ignoreThreadsWithFrame("java.util.concurrent.ThreadPoolExecutor$Worker.run"))
			.isNotNull();
		assertThat(LeakOption.ignoreThreadsWithFrame("java.util.concurrent.ForkJoinWorkerThread.getName"))
			.isNotNull();
		assertThat(LeakOption.ignoreThreadsWithFrame("java.lang.Thread.<init>")).isNotNull();
	}

	@Test
	void anOptionGivenTwiceIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ThreadLeaks.find(LeakOption.ignoreThreadsNamed("a.*"),
					LeakOption.ignoreThreadsNamed("a.*")))
			.withMessage("ignoreThreadsNamed(\"a.*\") was given twice: pass each option once");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ThreadLeaks.verifyNone(LeakOption.ignoreCurrentThreads(),
					LeakOption.ignoreCurrentThreads()))
			.withMessage("ignoreCurrentThreads() was given twice: pass each option once");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ThreadLeaks.find(LeakOption.maxWait(Duration.ofSeconds(1)),
					LeakOption.maxWait(Duration.ofSeconds(2))))
			.withMessage("maxWait was given twice, maxWait(PT1S) and maxWait(PT2S): pass at most one");
	}

	@Test
	void aNullOptionIsRejected() {
		assertThatNullPointerException().isThrownBy(() -> ThreadLeaks.find(LeakOption.ignoreCurrentThreads(), null))
			.withMessage("a LeakOption was null: create options with LeakOption's factory methods");
		assertThatNullPointerException().isThrownBy(() -> ThreadLeaks.verifyNone((LeakOption[]) null))
			.withMessage("the options were null: pass none, or options from LeakOption's factories");
	}

}
