package io.github.managedworkers.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import io.github.managedworkers.test.CheckThreadLeaks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard as an operator without write access or stack rights sees it, on a separate management port under
 * custom paths: the workers are listed, no action is offered, stacks are hidden.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:dashboard-read-only;DB_CLOSE_DELAY=-1",
				"management.server.port=0", "management.server.base-path=/manage",
				"management.endpoints.web.base-path=/ops", "management.endpoint.workers.access=read-only",
				"management.endpoint.workers.show-stacks=when-authorized",
				"managed-workers.dashboard.refresh-interval=500ms" })
@DirtiesContext
@CheckThreadLeaks(ignoreNamed = { Browser.SELENIUM_THREADS, Browser.JDK_HTTP_CLIENT_THREADS })
class ReadOnlyDashboardBrowserTests {

	@RegisterExtension
	static final Browser browser = new Browser(1280, 720);

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void aReadOnlyDashboardOnTheManagementPortListsWorkersOffersNoActionAndHidesStacks() throws Exception {
		// Without the trailing slash: the page redirects to its folder, so that its relative links resolve.
		browser.get("http://localhost:" + this.managementPort + "/manage/ops/workers-dashboard");
		browser.awaitTrue(() -> !browser.all("#workers tr[data-key='job-runner']").isEmpty(), () -> "job-runner");
		assertThat(browser.find("#access-note").isDisplayed()).isTrue();

		browser.find("#workers a[href='#/worker/job-runner']").click();
		browser.awaitText("#worker-facts [data-key=State] dd", "RUNNING");
		assertThat(browser.all("#actions")).as("action controls").isEmpty();
		assertThat(browser.all("button[data-action]")).as("action buttons").isEmpty();
		assertThat(browser.textOf("#actions-note")).startsWith("Read-only: no actions");
		browser.awaitTrue(() -> browser.find("#stacks-note").isDisplayed(), () -> "the stacks-hidden note");
		browser.awaitTrue(() -> !browser.all("#tasks tbody tr").isEmpty(), () -> "the body's live task");
		assertThat(browser.textOf("#tasks tbody tr td.stack-cell")).isEqualTo("hidden");
		assertThat(browser.all("#tasks pre.stack")).isEmpty();
		browser.screenshot("worker-read-only");

		browser.find("#nav-unowned").click();
		browser.awaitTextContaining("#unowned-summary", "unowned threads");
		assertThat(browser.find("#unowned-stacks-note").isDisplayed()).isTrue();
		assertThat(browser.all("#unowned-groups pre.stack")).isEmpty();
		browser.assertNoScriptErrors();

		// The page is served beside the endpoint only: not on the application's port.
		assertThat(new SampleHttp(this.port).get("/actuator/workers-dashboard/").status()).isEqualTo(404);
		assertThat(new SampleHttp(this.port).get("/manage/ops/workers-dashboard/").status()).isEqualTo(404);
	}

}
