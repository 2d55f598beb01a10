package io.github.managedworkers.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.logging.Level;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The machine's Chromium (Debian's {@code chromium} and {@code chromium-driver} packages), headless, driven by
 * Selenium through the given chromedriver: Selenium Manager downloads nothing. One browser per test class, as a
 * static {@code @RegisterExtension} field: opened before the class's tests, closed after them; the class is skipped,
 * saying why, when the machine has no Chromium (CI installs it: see .ci/run).
 */
final class Browser implements BeforeAllCallback, AfterAllCallback {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	static final Duration WAIT = Duration.ofSeconds(20);

	/**
	 * Selenium's shared pools (the driver's readiness check, and the JDK's delay scheduler of CompletableFuture it
	 * uses, named so up to JDK 24, then ForkJoinPool's): they outlive {@link #close()} and end on their own, or
	 * never, as the JDK's do.
	 */
	static final String SELENIUM_THREADS = "UrlChecker-\\d+|CompletableFutureDelayScheduler"
			+ "|ForkJoinPool\\.commonPool-delayScheduler";

	/** The selector threads of Selenium's JDK HTTP clients: JDK 17's client has no close, they end when collected. */
	static final String JDK_HTTP_CLIENT_THREADS = "HttpClient-\\d+-SelectorManager";

	private static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");

	private final int width;

	private final int height;

	private ChromeDriverService service;

	private ChromeDriver driver;

	/**
	 * A browser whose window has the given size.
	 * @param width the window's width
	 * @param height the window's height
	 */
	Browser(int width, int height) {
		this.width = width;
		this.height = height;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"Skipped: the dashboard's browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
						+ " (apt-get install -y chromium chromium-driver; .ci/run installs them)");
		this.service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		// --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
				"--no-first-run", "--disable-extensions", "--window-size=" + this.width + "," + this.height);
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		this.driver = new ChromeDriver(this.service, options);
		this.driver.manage().timeouts().scriptTimeout(WAIT);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		try {
			if (this.driver != null) {
				this.driver.quit();
			}
		}
		finally {
			if (this.service != null) {
				this.service.stop();
			}
		}
	}

	void get(String url) {
		this.driver.get(url);
	}

	ChromeDriver driver() {
		return this.driver;
	}

	List<WebElement> all(String css) {
		return this.driver.findElements(By.cssSelector(css));
	}

	WebElement find(String css) {
		return this.driver.findElement(By.cssSelector(css));
	}

	/** Waits until the element's text is the expected one (the page updates itself). */
	void awaitText(String css, String expected) {
		awaitTrue(() -> expected.equals(textOf(css)), () -> css + " shows '" + expected + "'");
	}

	/** Waits until the element's text contains the expected text. */
	void awaitTextContaining(String css, String expected) {
		awaitTrue(() -> {
			String text = textOf(css);
			return text != null && text.contains(expected);
		}, () -> css + " contains '" + expected + "'");
	}

	/** The text of the first element matching css, or null if there is none (yet). */
	String textOf(String css) {
		List<WebElement> found = all(css);
		return found.isEmpty() ? null : found.get(0).getText();
	}

	void awaitTrue(Callable<Boolean> condition, Supplier<String> what) {
		try {
			await(what.get()).atMost(WAIT)
				.pollInterval(Duration.ofMillis(100))
				.ignoreException(StaleElementReferenceException.class)
				.until(condition);
		}
		catch (ConditionTimeoutException ex) {
			// Say what the page showed instead: its banner holds the endpoint's last error, if any.
			throw new AssertionError("Not seen within " + WAIT.toSeconds() + " s: " + what.get() + "; the page's banner: '"
					+ textOf("#banner") + "', its main part: '" + textOf("main") + "'", ex);
		}
	}

	Object script(String script, Object... args) {
		return ((JavascriptExecutor) this.driver).executeScript(script, args);
	}

	void resize(int width, int height) {
		this.driver.manage().window().setSize(new Dimension(width, height));
	}

	/** Whether the page is wider than the window (a layout break: the user would scroll sideways). */
	boolean overflowsSideways() {
		return (Boolean) script("return document.documentElement.scrollWidth > window.innerWidth");
	}

	Map<String, Object> viewport() {
		@SuppressWarnings("unchecked")
		Map<String, Object> size = (Map<String, Object>) script(
				"return {width: window.innerWidth, height: window.innerHeight}");
		return size;
	}

	Path screenshot(String name) throws IOException {
		Files.createDirectories(SCREENSHOTS);
		Path file = SCREENSHOTS.resolve(name + ".png");
		Files.write(file, this.driver.getScreenshotAs(OutputType.BYTES));
		return file;
	}

	/**
	 * Fails on a script error or a blocked resource (a Content-Security-Policy violation, say) in the browser's
	 * console. An HTTP error the page asked for (an action's 400) is the page's business, not an error.
	 */
	void assertNoScriptErrors() {
		List<String> errors = this.driver.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
			.map(LogEntry::getMessage)
			.filter((message) -> !message.contains("Failed to load resource: the server responded with a status"))
			.toList();
		assertThat(errors).as("errors in the browser's console").isEmpty();
	}

}
