package io.etcdpanel.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.etcdpanel.catalogue.ClusterCatalogue;
import io.etcdpanel.catalogue.ClusterView;
import io.etcdpanel.support.RunningPanel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A person's first session, in a real headless Chromium against the real app running real etcd
 * members: empty state, a refused form, a 3-member cluster coming up live, then deleting it.
 */
class DashboardBrowserIT extends RunningPanel {

    private static final String CLUSTER = "browsed";
    private static final List<Path> SCREENSHOTS = List.of(Path.of("target/screenshots/cluster-running.png"),
            Path.of("docs/screenshot.png"));

    @Autowired
    ClusterCatalogue catalogue;

    private Path profile;
    private WebDriver browser;

    @BeforeAll
    void openBrowser() {
        profile = temporaryDirectory("etcd-panel-browser-profile-");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1000", "--user-data-dir=" + profile);
        browser = new ChromeDriver(service, options);
    }

    @Test
    void createWatchAndDeleteACluster() throws IOException {
        browser.get(url("/"));
        WebElement empty = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("empty-state")));
        assertThat(empty.getText()).contains("No etcd clusters yet", "POST", "/api/v1/clusters", "\"name\":\"orders\"");

        browser.findElement(By.id("create-first")).click();
        submitCreateForm("Bad_Name");
        WebElement name = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("name-feedback")));
        assertThat(name.getText()).contains("DNS-1123");
        assertThat(browser.findElement(By.id("name")).getDomAttribute("class")).contains("is-invalid");
        assertThat(browser.findElement(By.id("name")).getDomProperty("value")).isEqualTo("Bad_Name");

        submitCreateForm(CLUSTER);
        // Until server.servlet.session.tracking-modes=cookie is set, the flash's first redirect names the session in the URL.
        waitFor().until(ExpectedConditions.urlMatches("/clusters/" + CLUSTER + "(;jsessionid=\\w+)?$"));
        assertThat(browser.findElement(By.id("flash")).getText()).contains("being created");

        waitFor().withMessage(this::clusterPageState).until(driver -> runningWithOneLeaderAndThreeHealthyMembers());
        saveScreenshot();

        String leader = browser.findElement(By.cssSelector("#members-table tr:has([data-role=leader])")).getDomAttribute("data-member");
        click(By.linkText(leader));
        WebElement log = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#log pre")));
        assertThat(log.getText()).contains("etcd-panel starts " + leader);
        browser.findElement(By.linkText(CLUSTER)).click();

        confirmDeletion("not-" + CLUSTER);
        waitFor().until(ExpectedConditions.textToBe(By.id("flash"),
                "Nothing was deleted: type the cluster's name, " + CLUSTER + ", to confirm the deletion."));
        assertThat(catalogue.find(CLUSTER)).map(ClusterView::deleting).contains(false);

        confirmDeletion(CLUSTER);
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Deleting " + CLUSTER));
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("empty-state")));
        assertThat(browser.findElements(By.cssSelector("[data-cluster=" + CLUSTER + "]"))).isEmpty();
    }

    @AfterAll
    void closeBrowser() {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            deleteTree(profile);
        }
    }

    private void submitCreateForm(String name) {
        WebElement field = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("name")));
        field.clear();
        field.sendKeys(name);
        new Select(browser.findElement(By.id("replicas"))).selectByValue("3");
        browser.findElement(By.id("create")).click();
    }

    private void confirmDeletion(String typedName) {
        click(By.id("delete-open"));
        WebElement confirm = waitFor().until(ExpectedConditions.elementToBeClickable(By.id("confirmName")));
        confirm.sendKeys(typedName);
        browser.findElement(By.id("delete-confirm")).click();
    }

    /** Clicks what may be swapped out by a refresh between finding and clicking it. */
    private void click(By target) {
        waitFor().until(driver -> {
            driver.findElement(target).click();
            return true;
        });
    }

    private boolean runningWithOneLeaderAndThreeHealthyMembers() {
        List<WebElement> rows = browser.findElements(By.cssSelector("#members-table tbody tr"));
        long healthy = rows.stream().filter(row -> "true".equals(row.getDomAttribute("data-healthy"))).count();
        int leaders = browser.findElements(By.cssSelector("#members-table [data-role=leader]")).size();
        return "Running".equals(browser.findElement(By.cssSelector("#phase .badge")).getText())
                && rows.size() == 3 && healthy == 3 && leaders == 1;
    }

    /** What the page showed when the wait gave up, so a failure says more than "timed out". */
    private String clusterPageState() {
        try {
            return "phase " + browser.findElement(By.id("phase")).getText() + "; members:\n"
                    + browser.findElement(By.id("members")).getText();
        } catch (RuntimeException e) {
            return "page unreadable: " + e.getMessage();
        }
    }

    private void saveScreenshot() throws IOException {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        for (Path file : SCREENSHOTS) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, png);
        }
    }

    private WebDriverWait waitFor() {
        WebDriverWait wait = new WebDriverWait(browser, DEADLINE);
        // htmx swaps the live parts of a page every few seconds, so an element read a moment ago may be gone.
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.walk(dir)) {
            entries.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
