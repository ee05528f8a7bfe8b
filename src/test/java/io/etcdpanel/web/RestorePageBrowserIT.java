package io.etcdpanel.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.etcdpanel.support.EtcdTestClient;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.Poll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;

/**
 * One-click restore, in a real headless Chromium against the real app and a real 3-member cluster:
 * the confirmation says what the snapshot holds and what will be lost, a wrong name or a taken target
 * starts nothing, the right name starts the restore, whose steps the page shows live until the deleted
 * keys are back.
 */
class RestorePageBrowserIT extends InBrowser {

    private static final String CLUSTER = "rewound";
    private static final String RESTORES = "/api/v1/clusters/" + CLUSTER + "/restores";
    private static final Map<String, String> KEYS = new TreeMap<>(Map.of("/orders/1", "one", "/orders/2", "two", "/orders/3", "three"));
    private static final By FINISHED = By.cssSelector("#restores .restore:is([data-status=Succeeded], [data-status=Failed])");
    private static final List<Path> CONFIRM_SCREENSHOTS = List.of(Path.of("target/screenshots/restore-confirm.png"),
            Path.of("docs/restore-confirm.png"));
    private static final List<Path> STEPS_SCREENSHOTS = List.of(Path.of("target/screenshots/restore-steps.png"),
            Path.of("docs/restore-steps.png"));

    @Test
    void restoreASnapshotFromItsRowAfterAWrongNameAndATakenTargetAreRefusedAndWatchTheDeletedKeysComeBack() throws IOException {
        assertThat(api.post("/api/v1/clusters", "{\"name\":\"" + CLUSTER + "\",\"replicas\":3}").status()).isEqualTo(201);
        Poll.until(CLUSTER + " Running", DEADLINE, () -> "Running".equals(api.phase(CLUSTER)));
        try (EtcdTestClient etcd = client()) {
            KEYS.forEach(etcd::put);
        }
        JsonNode snapshot = api.backUp(CLUSTER, DEADLINE);
        String snapshotId = snapshot.path("id").asString();
        JsonNode tested = Poll.untilValue("the snapshot restore-tested", DEADLINE, () -> {
            JsonNode record = api.get("/api/v1/snapshots/" + snapshotId).json();
            return record.path("restoreTestedAt").isNull() ? null : record;
        });
        long revisionNow;
        try (EtcdTestClient etcd = client()) {
            assertThat(etcd.deleteAll()).isEqualTo(KEYS.size());
            revisionNow = etcd.revision();
        }

        browser.get(url("/clusters/" + CLUSTER));
        WebElement empty = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("restores-empty")));
        assertThat(empty.getText()).contains("No restore yet", "pre-restore snapshot");

        clickInView(By.cssSelector("#backups-table tr[data-snapshot='" + snapshotId + "'] .restore-open"));
        WebElement form = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("restore-form")));
        assertThat(form.findElement(By.id("restore-revision")).getText()).isEqualTo(snapshot.path("revision").asString());
        assertThat(form.findElement(By.id("restore-size")).getText()).endsWith(KEYS.size() + " keys").contains("KiB");
        assertThat(form.findElement(By.id("restore-tested")).getText())
                .startsWith(tested.path("restoreTestError").isNull() ? "restore-tested" : "restore test failed");
        assertThat(Instant.parse(form.findElement(By.cssSelector("#restore-taken time")).getDomAttribute("datetime")))
                .isEqualTo(Instant.parse(snapshot.path("startedAt").asString()));
        assertThat(form.findElement(By.id("restore-loss")).getText()).contains(
                "What will be lost: every change made to " + CLUSTER + " after the snapshot was taken",
                CLUSTER + " is at revision " + revisionNow + " now and holds 0 keys; the snapshot is at revision "
                        + snapshot.path("revision").asString() + " with " + KEYS.size() + " keys",
                "a pre-restore snapshot of " + CLUSTER + " as it is now is taken");
        assertThat(form.findElement(By.id("restore-mode-in-place")).isSelected()).isTrue();
        assertThat(form.findElement(By.id("restore-targetName")).isEnabled()).isFalse();
        chromium.saveScreenshot(CONFIRM_SCREENSHOTS.toArray(Path[]::new));

        confirmWith("not-" + CLUSTER);
        WebElement refusal = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("restore-confirmName-feedback")));
        assertThat(refusal.getText()).isEqualTo("Type " + CLUSTER + " exactly to confirm. Nothing was restored.");
        assertThat(browser.findElement(By.id("restore-confirmName")).getDomAttribute("class")).contains("is-invalid");
        assertThat(browser.findElement(By.id("restore-modal")).isDisplayed()).isTrue();
        assertThat(api.get(RESTORES).json()).isEmpty();

        clickInView(By.id("restore-mode-new-cluster"));
        WebElement target = waitFor().until(ExpectedConditions.elementToBeClickable(By.id("restore-targetName")));
        target.sendKeys(CLUSTER);
        confirmWith(CLUSTER);
        WebElement taken = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("restore-targetName-feedback")));
        assertThat(taken.getText()).contains("a cluster named " + CLUSTER + " already exists");
        assertThat(browser.findElements(By.id("restore-confirmName-feedback"))).isEmpty();
        assertThat(api.get(RESTORES).json()).isEmpty();
        assertThat(api.phase(CLUSTER)).isEqualTo("Running");

        clickInView(By.id("restore-mode-in-place"));
        assertThat(browser.findElement(By.id("restore-targetName")).isEnabled()).isFalse();

        // every status the section shows, in order; a page that reloaded would lose the list
        ((JavascriptExecutor) browser).executeScript("""
                window.restoreStatuses = [];
                new MutationObserver(() => {
                  const status = document.querySelector('#restores .restore')?.dataset.status;
                  if (status && window.restoreStatuses.at(-1) !== status) {
                    window.restoreStatuses.push(status);
                  }
                }).observe(document.getElementById('restores-section'), {childList: true, subtree: true});
                """);
        confirmWith(CLUSTER);
        waitFor().until(ExpectedConditions.invisibilityOfElementLocated(By.id("restore-modal")));
        assertThat(waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("restore-notice"))).getText())
                .contains("Restoring " + CLUSTER + " in place", "revision " + snapshot.path("revision").asString());
        WebElement restore = waitFor().withMessage(this::restoresState).until(ExpectedConditions.visibilityOfElementLocated(FINISHED));
        assertThat(restore.getDomAttribute("data-status")).as(restore.getText()).isEqualTo("Succeeded");
        List<Object> shown = (List<Object>) ((JavascriptExecutor) browser).executeScript("return window.restoreStatuses");
        assertThat(shown).as("the section showed the restore unfinished, then Succeeded, without a reload").endsWith("Succeeded");
        assertThat(shown.get(0)).isIn("Pending", "Running");

        List<WebElement> steps = restore.findElements(By.cssSelector(".restore-steps tbody tr"));
        assertThat(steps).extracting(step -> step.getDomAttribute("data-step")).containsExactly("verify snapshot",
                "take pre-restore snapshot", "stop members", "restore data dirs", "start members",
                "wait for a leader and healthy members", "check revision");
        assertThat(steps).allSatisfy(step -> assertThat(step.getDomAttribute("data-status")).isEqualTo("Succeeded"));
        assertThat(restore.findElement(By.cssSelector("[data-step='restore data dirs'] .step-message")).getText())
                .startsWith("restored ").contains(CLUSTER + "-0", CLUSTER + "-1", CLUSTER + "-2");
        assertThat(restore.getText()).contains("In place", "asked by " + PanelApi.ADMIN, "pre-restore snapshot");
        assertThat(restore.findElements(By.cssSelector(".restore-error"))).isEmpty();
        scrollTo(By.id("restores-section"));
        chromium.saveScreenshot(STEPS_SCREENSHOTS.toArray(Path[]::new));

        JsonNode recorded = api.get(RESTORES).json();
        assertThat(recorded).hasSize(1);
        assertThat(recorded.get(0).path("status").asString()).isEqualTo("Succeeded");
        assertThat(recorded.get(0).path("actor").asString()).as("the signed-in user who pressed it").isEqualTo(PanelApi.ADMIN);
        assertThat(recorded.get(0).path("snapshotId").asString()).isEqualTo(snapshotId);
        try (EtcdTestClient etcd = client()) {
            assertThat(etcd.withPrefix("/orders/")).isEqualTo(KEYS);
        }
    }

    private void confirmWith(String typedName) {
        WebElement name = waitFor().until(ExpectedConditions.elementToBeClickable(By.id("restore-confirmName")));
        name.clear();
        name.sendKeys(typedName);
        clickInView(By.id("restore-confirm"));
    }

    private void scrollTo(By target) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({behavior: 'instant'})", browser.findElement(target));
    }

    private EtcdTestClient client() {
        return new EtcdTestClient(api.members(CLUSTER).get(0).path("clientUrls").get(0).asString());
    }

    /** What the section showed when the wait gave up, so a failure says more than "timed out". */
    private String restoresState() {
        try {
            return "restores:\n" + browser.findElement(By.id("restores")).getText();
        } catch (RuntimeException e) {
            return "section unreadable: " + e.getMessage();
        }
    }
}
