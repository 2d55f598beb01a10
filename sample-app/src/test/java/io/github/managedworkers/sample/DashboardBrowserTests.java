package io.github.managedworkers.sample;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

import io.github.managedworkers.test.CheckThreadLeaks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workers dashboard in a real browser (Chromium, headless) over the sample app: what an operator sees and does.
 * One browser for the class; each test opens the page afresh.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:dashboard;DB_CLOSE_DELAY=-1",
				"management.endpoint.workers.access=unrestricted", "management.endpoint.workers.show-stacks=always",
				"managed-workers.dashboard.refresh-interval=500ms" })
@DirtiesContext
@CheckThreadLeaks(ignoreNamed = { Browser.SELENIUM_THREADS, Browser.JDK_HTTP_CLIENT_THREADS })
class DashboardBrowserTests {

	@RegisterExtension
	static final Browser browser = new Browser(1280, 720);

	@LocalServerPort
	int port;

	private SampleHttp http;

	@BeforeEach
	void connect() {
		this.http = new SampleHttp(this.port);
	}

	@Test
	void theTableListsEveryWorkerWithItsThroughputAndFitsADesktopAndAPhone() throws Exception {
		// A few seconds of work for the chart, short enough not to hold up the tests after this one.
		assertThat(this.http.post("/jobs", "{\"count\": 200, \"workMillis\": 60}").status()).isEqualTo(202);
		open("");
		browser.awaitTrue(() -> rowNames().containsAll(
				List.of("async", "eventAudit.report", "events-flusher", "job-runner", "reaper")), () -> "every worker");
		assertThat(cell("job-runner", "source")).isEqualTo("managed");
		assertThat(cell("eventAudit.report", "source")).isEqualTo("scheduled");
		assertThat(cell("async", "source")).isEqualTo("async");
		assertThat(cell("job-runner", "state")).isEqualTo("RUNNING");
		assertThat(cell("job-runner", "capacity")).endsWith("/ 8");
		assertThat(cell("reaper", "schedule")).isEqualTo("every 1s");
		browser.awaitTrue(() -> cell("reaper", "leadership").equals("leader"), () -> "the reaper leads");
		// The chart is drawn from successive counts: a rate once two samples differ.
		browser.awaitTrue(() -> rate("job-runner") > 0, () -> "job-runner's throughput above 0/s");
		browser.awaitTrue(() -> chartPoints("job-runner") >= 3, () -> "three points on job-runner's chart");
		assertThat(browser.overflowsSideways()).as("sideways scroll at 1280x720").isFalse();
		assertThat(browser.script("const s = document.querySelector('#workers-view .scroll');"
				+ " return s.scrollWidth > s.clientWidth")).as("the table wider than 1280x720").isEqualTo(false);
		browser.screenshot("workers-1280x720");

		browser.resize(390, 844);
		try {
			browser.awaitTrue(() -> ((Number) browser.viewport().get("width")).intValue() <= 420,
					() -> "a phone-width window");
			assertThat(browser.overflowsSideways()).as("sideways scroll at phone width").isFalse();
			browser.screenshot("workers-phone");
		}
		finally {
			browser.resize(1280, 720);
		}
		browser.assertNoScriptErrors();
	}

	@Test
	void pausingTheReaperShowsPausedAndResumingBringsItBack() {
		open("#/worker/reaper");
		browser.awaitTrue(() -> List.of("RUNNING", "STANDBY").contains(fact("State")), () -> "the reaper runs");
		String before = fact("State");
		browser.find("button[data-action=pause]").click();
		browser.awaitTextContaining("#answer", "pause reaper: done");
		awaitState("PAUSED");
		assertThat(fact("Next run")).isEqualTo("paused");

		browser.find("a[href='#/']").click();
		browser.awaitTrue(() -> "PAUSED".equals(cell("reaper", "state")), () -> "the table shows PAUSED");
		assertThat(cell("reaper", "nextRun")).isEqualTo("paused");

		browser.find("#workers a[href='#/worker/reaper']").click();
		browser.find("button[data-action=resume]").click();
		browser.awaitTextContaining("#answer", "resume reaper: done");
		awaitState(before);
		browser.assertNoScriptErrors();
	}

	@Test
	void aResizeShowsTheNewLimitAndABadLimitShowsTheEndpointsAnswer() {
		open("#/worker/job-runner");
		browser.awaitTextContaining("#worker-facts [data-key='Active / queued / limit'] dd", "/ 8");
		assertThat(browser.find("button[data-action=pause]").isDisplayed()).as("pause without a schedule").isFalse();
		resizeTo("5");
		browser.awaitTextContaining("#answer", "Limit 8 \u2192 5");
		browser.awaitTextContaining("#worker-facts [data-key='Active / queued / limit'] dd", "/ 5");
		browser.find("a[href='#/']").click();
		browser.awaitTrue(() -> cell("job-runner", "capacity").endsWith("/ 5"), () -> "the table shows the limit");

		browser.find("#workers a[href='#/worker/job-runner']").click();
		resizeTo("0");
		browser.awaitTextContaining("#answer.error", "400 Bad Request: Invalid maxConcurrency 0: allowed is an integer");
		resizeTo("8");
		browser.awaitTextContaining("#answer", "Limit 5 \u2192 8");
		browser.assertNoScriptErrors();
	}

	@Test
	void stopAsksForAConfirmationShowsTheDrainReportAndStartBringsTheWorkerBack() throws Exception {
		open("#/worker/events-flusher");
		awaitState("RUNNING");
		browser.find("button[data-action=stop]").click();
		assertThat(browser.find("#confirm-stop").isDisplayed()).isTrue();
		assertThat(browser.find("#confirm-text").getText()).contains("events-flusher");
		browser.find("#confirm-cancel").sendKeys(Keys.ENTER);
		browser.awaitTrue(() -> !browser.find("#confirm-stop").isDisplayed(), () -> "the dialog closed");
		assertThat(fact("State")).isEqualTo("RUNNING");
		browser.screenshot("stop-confirmation-cancelled");

		browser.find("button[data-action=stop]").click();
		browser.find("#confirm-ok").click();
		browser.awaitTextContaining("#answer", "stop events-flusher: done");
		assertThat(browser.textOf("#answer")).contains("Drained");
		awaitState("STOPPED");

		browser.find("button[data-action=start]").click();
		browser.awaitTextContaining("#answer", "start events-flusher: done");
		awaitState("RUNNING");
		browser.assertNoScriptErrors();
	}

	@Test
	void aSubmittedJobAppearsAsALiveTaskWithItsStackAndLeaves() throws Exception {
		open("#/worker/job-runner");
		awaitState("RUNNING");
		// The jobs of another test may still run: the task to follow is then the only one.
		browser.awaitTrue(() -> jobsIdle(), () -> "no job queued or running");
		// Long enough for the three views below on a loaded machine; the test then waits for its end.
		assertThat(this.http.post("/jobs", "{\"count\": 1, \"workMillis\": 6000}").status()).isEqualTo(202);
		browser.awaitTrue(() -> firstTaskId() != null, () -> "a live task of kind 'task'");
		String id = firstTaskId();
		String row = "#tasks tr[data-key='" + id + "']";
		browser.find(row + " details summary").click();
		browser.awaitTrue(() -> Boolean.TRUE.equals(browser.script("return document.querySelector(arguments[0]).open",
				row + " details")), () -> "the task's stack open");
		browser.awaitTrue(() -> String.valueOf(browser.script("return document.querySelector(arguments[0]).textContent",
				row + " pre.stack")).contains("JobRunner.work"), () -> "the task's stack in JobRunner.work");
		browser.screenshot("live-task");

		browser.find("button[data-tab=tree]").click();
		browser.awaitTextContaining("#tab-tree", "#" + id + " task");
		browser.find("button[data-tab=groups]").click();
		browser.awaitTextContaining("#tab-groups", "JobRunner");
		browser.find("button[data-tab=tasks]").click();

		browser.awaitTrue(() -> browser.all("#tasks tr[data-key='" + id + "']").isEmpty(), () -> "the task left");
		browser.assertNoScriptErrors();
	}

	@Test
	void theKeyboardReachesEveryViewAndAction() {
		open("");
		browser.awaitTrue(() -> rowNames().contains("reaper"), () -> "the reaper's row");
		browser.find("body").sendKeys(Keys.TAB);
		assertThat(activeText()).isEqualTo("Skip to content");
		browser.find("#workers a[href='#/worker/reaper']").sendKeys(Keys.ENTER);
		browser.awaitTrue(() -> "worker-title".equals(browser.script("return document.activeElement.id")),
				() -> "the focus on the worker's heading");
		for (int i = 0; i < 10 && !"Pause".equals(activeText()); i++) {
			browser.driver().switchTo().activeElement().sendKeys(Keys.TAB);
		}
		assertThat(activeText()).isEqualTo("Pause");
		browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
		awaitState("PAUSED");
		browser.driver().switchTo().activeElement().sendKeys(Keys.TAB);
		assertThat(activeText()).isEqualTo("Resume");
		browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
		browser.awaitTrue(() -> !"PAUSED".equals(fact("State")), () -> "resumed");

		browser.find("#nav-unowned").sendKeys(Keys.ENTER);
		browser.awaitTextContaining("#unowned-summary", "unowned threads");
		browser.awaitTrue(() -> !browser.all("#unowned-groups .group").isEmpty(), () -> "groups of unowned threads");
		assertThat(browser.textOf("#unowned-groups")).contains("platform");
		browser.assertNoScriptErrors();
	}

	private boolean jobsIdle() throws IOException {
		JsonNode stats = this.http.get("/jobs/stats").json();
		return stats.get("queued").asLong() == 0 && stats.get("running").asLong() == 0;
	}

	private void open(String route) {
		browser.get("http://localhost:" + this.port + "/actuator/workers-dashboard/" + route);
	}

	private static List<String> rowNames() {
		return browser.all("#workers tbody tr").stream().map((row) -> row.getAttribute("data-key")).toList();
	}

	private static String cell(String worker, String column) {
		String text = browser.textOf("#workers tr[data-key='" + worker + "'] td[data-column=" + column + "]");
		return (text != null) ? text : "";
	}

	private static double rate(String worker) {
		String text = cell(worker, "throughput");
		return text.endsWith("/s") ? Double.parseDouble(text.substring(0, text.length() - 2)) : 0;
	}

	private static int chartPoints(String worker) {
		String points = browser.find("#workers tr[data-key='" + worker + "'] polyline").getAttribute("points");
		return (points == null || points.isBlank()) ? 0 : points.trim().split(" ").length;
	}

	private static void awaitState(String state) {
		browser.awaitText("#worker-facts [data-key=State] dd", state);
	}

	private static String fact(String label) {
		String text = browser.textOf("#worker-facts [data-key='" + label + "'] dd");
		return (text != null) ? text : "";
	}

	/** The id of the oldest listed task of kind 'task' (not the body), or null; read in one go, as rows come and go. */
	private static String firstTaskId() {
		return (String) browser.script("const row = Array.from(document.querySelectorAll('#tasks tbody tr'))"
				+ ".find((r) => r.cells[1].textContent === 'task'); return row ? row.dataset.key : null;");
	}

	private static String activeText() {
		return browser.driver().switchTo().activeElement().getText();
	}

	private static void resizeTo(String limit) {
		WebElement input = browser.find("#resize-limit");
		input.clear();
		input.sendKeys(limit);
		browser.find("button[data-action=resize]").click();
	}

}
