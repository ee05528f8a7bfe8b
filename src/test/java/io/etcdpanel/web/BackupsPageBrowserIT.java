package io.etcdpanel.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.etcdpanel.support.EtcdTestClient;
import io.etcdpanel.support.Poll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The Backups section of a cluster's page, in a real headless Chromium against the real app and a real
 * etcd member: the empty state, a backup taken, checked and restore-tested live, its file downloaded, and
 * a damaged file refused by the import form.
 */
class BackupsPageBrowserIT extends InBrowser {

    private static final String CLUSTER = "paged";
    private static final int KEYS = 5;
    private static final Path SCREENSHOT = Path.of("target/screenshots/backups.png");
    private static final By TESTED_ROW = By.cssSelector("#backups-table tr[data-status=Succeeded]:has([data-restore-test=passed])");

    @Test
    void backUpWatchItPassItsRestoreTestDownloadItAndRefuseADamagedImport() throws IOException {
        assertThat(api.post("/api/v1/clusters", "{\"name\":\"" + CLUSTER + "\",\"replicas\":1}").status()).isEqualTo(201);
        Poll.until(CLUSTER + " Running", DEADLINE, () -> "Running".equals(api.phase(CLUSTER)));
        try (EtcdTestClient etcd = new EtcdTestClient(api.members(CLUSTER).get(0).path("clientUrls").get(0).asString())) {
            for (int i = 0; i < KEYS; i++) {
                etcd.put("/orders/" + i, "order " + i);
            }
        }

        browser.get(url("/clusters/" + CLUSTER));
        WebElement empty = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("backups-empty")));
        assertThat(empty.getText()).contains("No backup taken yet", "Back up now");

        chromium.click(By.id("back-up-now"));
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Backing up " + CLUSTER));
        WebElement tested = waitFor().withMessage(this::backupsState).until(ExpectedConditions.visibilityOfElementLocated(TESTED_ROW));
        assertThat(tested.getText()).contains("manual", "Succeeded", "restore-tested");
        assertThat(tested.findElement(By.cssSelector("td.user-keys")).getText()).isEqualTo(String.valueOf(KEYS));
        assertThat(browser.findElements(By.id("backups-empty"))).isEmpty();
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("backup-sizes")));

        String download = waitFor().until(driver -> driver.findElement(TESTED_ROW).findElement(By.cssSelector("a.download"))
                .getDomAttribute("href"));
        assertThat(download).matches("/api/v1/snapshots/[^/]+/content");
        assertThat(api.getBytes(download)).isNotEmpty();

        Path damaged = Files.createTempFile("damaged-snapshot-", ".db");
        try {
            Files.writeString(damaged, "this is not an etcd snapshot ".repeat(100), StandardCharsets.UTF_8);
            browser.findElement(By.id("snapshot-file")).sendKeys(damaged.toAbsolutePath().toString());
            browser.findElement(By.id("import")).click();
            WebElement refusal = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("import-feedback")));
            assertThat(refusal.getText()).contains("Refused " + damaged.getFileName(), "Nothing was stored");
        } finally {
            Files.deleteIfExists(damaged);
        }
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(TESTED_ROW));
        assertThat(browser.findElements(By.cssSelector("#backups-table tbody tr"))).hasSize(1);
        assertThat(api.get("/api/v1/clusters/" + CLUSTER + "/snapshots").json()).hasSize(1);

        chromium.saveScreenshot(By.id("backups-section"), SCREENSHOT);
    }

    /** What the section showed when the wait gave up, so a failure says more than "timed out". */
    private String backupsState() {
        try {
            return "backups:\n" + browser.findElement(By.id("backups")).getText();
        } catch (RuntimeException e) {
            return "section unreadable: " + e.getMessage();
        }
    }
}
