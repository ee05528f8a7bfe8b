package io.etcdpanel.web;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import io.etcdpanel.support.RunningPanel;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The headless Chromium the page tests drive, with its own throw-away profile, and the waits pages with htmx need. */
final class HeadlessChromium implements AutoCloseable {

    private final Path profile;
    private final WebDriver driver;
    private final Duration deadline;

    private HeadlessChromium(Path profile, WebDriver driver, Duration deadline) {
        this.profile = profile;
        this.driver = driver;
        this.deadline = deadline;
    }

    static HeadlessChromium open(Duration deadline) {
        Path profile = RunningPanel.temporaryDirectory("etcd-panel-browser-profile-");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1000", "--user-data-dir=" + profile);
        try {
            return new HeadlessChromium(profile, new ChromeDriver(service, options), deadline);
        } catch (RuntimeException e) {
            deleteTree(profile);
            throw e;
        }
    }

    WebDriver driver() {
        return driver;
    }

    WebDriverWait waitFor() {
        WebDriverWait wait = new WebDriverWait(driver, deadline);
        // htmx swaps the live parts of a page every few seconds, so an element read a moment ago may be gone.
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /**
     * Clicks what may be swapped out or moved by a refresh between finding and clicking it. The target is first scrolled
     * to the middle of the window at once: Bootstrap makes scrolling smooth, and chromedriver's own scroll would leave a
     * target below the fold gliding under the pointer, so the click would land on something else.
     */
    void click(By target) {
        waitFor().ignoring(ElementClickInterceptedException.class).until(page -> {
            WebElement element = page.findElement(target);
            ((JavascriptExecutor) page).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element);
            element.click();
            return true;
        });
    }

    /** Scrolls the element to the top of the window and saves what the window shows. */
    void saveScreenshot(By shown, Path... files) throws IOException {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", driver.findElement(shown));
        saveScreenshot(files);
    }

    void saveScreenshot(Path... files) throws IOException {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        for (Path file : files) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, png);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.walk(dir)) {
            entries.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
