package io.github.managedworkers.test.internal;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class JsonTests {

	@Test
	void readsTheShapesOfTheJdksThreadDump() {
		Object parsed = Json.parse("""
				{"threadDump": {"threadContainers": [{"container": "<root>", "parent": null, "threads": [
				  {"tid": "23", "virtual": true, "name": "jobs-\\u00e9",
				   "stack": ["java.base\\/java.lang.Thread.run(Thread.java:1474)"]},
				  {"tid": "14", "name": "Signal Dispatcher", "stack": [ ]}
				]}], "count": -1.5e3, "done": false}}""");
		Map<?, ?> dump = (Map<?, ?>) ((Map<?, ?>) parsed).get("threadDump");
		assertThat(dump.get("count")).isEqualTo("-1.5e3");
		assertThat(dump.get("done")).isEqualTo(false);
		List<?> containers = (List<?>) dump.get("threadContainers");
		Map<?, ?> root = (Map<?, ?>) containers.get(0);
		assertThat(root.get("parent")).isNull();
		List<?> threads = (List<?>) root.get("threads");
		assertThat(threads).hasSize(2);
		Map<?, ?> first = (Map<?, ?>) threads.get(0);
		assertThat(first.get("virtual")).isEqualTo(true);
		assertThat(first.get("name")).isEqualTo("jobs-é");
		assertThat(first.get("stack")).isEqualTo(List.of("java.base/java.lang.Thread.run(Thread.java:1474)"));
		assertThat(((Map<?, ?>) threads.get(1)).get("stack")).isEqualTo(List.of());
	}

	@Test
	void aDocumentItCannotReadIsAnErrorThatSaysWhere() {
		assertThatIllegalStateException().isThrownBy(() -> Json.parse("{\"threads\": [1, 2"))
			.withMessage("Unreadable JVM thread dump: expected ']' at offset 17");
		assertThatIllegalStateException().isThrownBy(() -> Json.parse("{} x"))
			.withMessage("Unreadable JVM thread dump: expected end of document at offset 3");
	}

}
