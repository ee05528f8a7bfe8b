package io.etcdpanel.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import io.etcdpanel.support.EtcdTestClient;
import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.Poll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;

/**
 * The Snapshots page in a real headless Chromium against the real app and real etcd: an empty list that says where
 * snapshots come from; the snapshot of a deleted cluster marked as such, restored from its row into a new cluster with its
 * keys; a deletion that asks first and does nothing when cancelled; and no row action a viewer may not use.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SnapshotsPageBrowserIT extends InBrowser {

    private static final String GONE = "paged-gone";
    private static final String REBORN = "paged-reborn";
    private static final String VIEWER = "snap-viewer";
    private static final String VIEWER_PASSWORD = "snap-viewer-password";
    private static final Map<String, String> KEYS = Map.of("/orders/1", "one", "/orders/2", "two");

    @Test
    @Order(1)
    void theSnapshotOfADeletedClusterIsShownAsSuchRestoredFromItsRowIntoANewClusterAndDeletedOnlyOnceConfirmed() throws IOException {
        // other tests on this panel leave their snapshots: start from an empty list
        api.get("/api/v1/snapshots").json().forEach(left -> api.delete("/api/v1/snapshots/" + left.path("id").asString()));
        browser.get(url("/"));
        clickInView(By.id("nav-snapshots"));
        WebElement empty = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("snapshots-empty")));
        assertThat(empty.getText()).contains("No snapshot yet", "Back up now", "stays after its cluster is deleted");

        String snapshotId = snapshotOfADeletedCluster();
        browser.get(url("/snapshots"));
        WebElement row = row(snapshotId);
        assertThat(row.getDomAttribute("data-orphaned")).isEqualTo("true");
        assertThat(row.findElement(By.cssSelector(".snapshot-cluster")).getText()).isEqualTo(GONE + " cluster deleted");
        assertThat(row.findElements(By.cssSelector(".snapshot-cluster a"))).as("no link to a cluster page that is gone").isEmpty();
        assertThat(row.findElement(By.cssSelector(".snapshot-taken-utc")).getText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC");
        assertThat(Instant.parse(row.findElement(By.cssSelector(".snapshot-taken time")).getDomAttribute("datetime")))
                .isEqualTo(Instant.parse(api.get("/api/v1/snapshots/" + snapshotId).json().path("startedAt").asString()));
        assertThat(row.findElement(By.cssSelector(".snapshot-size")).getText()).endsWith("KiB");
        assertThat(row.findElement(By.cssSelector(".snapshot-restore-test")).getText()).startsWith("restore-tested");
        assertThat(row.findElement(By.cssSelector("a.download")).getDomAttribute("href"))
                .isEqualTo("/api/v1/snapshots/" + snapshotId + "/content");
        chromium.saveScreenshot(Path.of("target/screenshots/snapshots.png"), Path.of("docs/snapshots.png"));

        clickInView(rowAction(snapshotId, ".restore-open"));
        WebElement form = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("restore-form")));
        assertThat(form.findElement(By.id("restore-cluster-gone")).getText()).contains(GONE + " has been deleted");
        assertThat(form.findElements(By.id("restore-mode-in-place"))).as("in place is no choice for a cluster that is gone").isEmpty();
        assertThat(form.findElement(By.id("restore-mode-new-cluster")).isSelected()).isTrue();
        form.findElement(By.id("restore-targetName")).sendKeys(REBORN);
        form.findElement(By.id("restore-confirmName")).sendKeys(GONE);
        clickInView(By.id("restore-confirm"));

        waitFor().until(ExpectedConditions.urlToBe(url("/clusters/" + REBORN)));
        WebElement restore = waitFor().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#restores .restore[data-status=Succeeded]")));
        assertThat(restore.getText()).contains("Into this new cluster, from " + GONE, "asked by " + PanelApi.ADMIN);
        Poll.until(REBORN + " Running", DEADLINE, () -> "Running".equals(api.phase(REBORN)));
        try (EtcdTestClient etcd = new EtcdTestClient(api.members(REBORN).get(0).path("clientUrls").get(0).asString())) {
            assertThat(etcd.withPrefix("/orders/")).isEqualTo(KEYS);
        }

        String rebornSnapshot = api.backUp(REBORN, DEADLINE).path("id").asString();
        browser.get(url("/snapshots"));
        clickInView(rowAction(rebornSnapshot, ".restore-open"));
        form = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("restore-form")));
        assertThat(form.findElements(By.id("restore-mode-in-place"))).as("this page's button restores into a new cluster only").isEmpty();
        assertThat(form.findElement(By.id("restore-mode-new-cluster")).isSelected()).isTrue();
        assertThat(form.findElements(By.id("restore-cluster-gone"))).isEmpty();
        form.findElement(By.cssSelector(".modal-footer [data-bs-dismiss=modal]")).click();
        waitFor().until(ExpectedConditions.invisibilityOfElementLocated(By.id("restore-modal")));

        clickInView(rowAction(snapshotId, ".delete-open"));
        WebElement confirmation = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("snapshot-delete-modal")));
        assertThat(confirmation.findElement(By.id("snapshot-delete-what")).getText()).isEqualTo("manual snapshot of " + GONE + " taken "
                + row(snapshotId).findElement(By.cssSelector(".snapshot-taken-utc")).getText());
        confirmation.findElement(By.cssSelector("[data-bs-dismiss=modal].btn-secondary")).click();
        waitFor().until(ExpectedConditions.invisibilityOfElementLocated(By.id("snapshot-delete-modal")));
        assertThat(api.get("/api/v1/snapshots/" + snapshotId).status()).as("cancelled: nothing deleted").isEqualTo(200);

        clickInView(rowAction(snapshotId, ".delete-open"));
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("snapshot-delete-modal")));
        clickInView(By.id("snapshot-delete-confirm"));
        assertThat(waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("flash"))).getText())
                .contains("Deleted snapshot " + snapshotId);
        assertThat(browser.findElements(By.cssSelector("tr[data-snapshot='" + snapshotId + "']"))).isEmpty();
        assertThat(api.get("/api/v1/snapshots/" + snapshotId).status()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void aViewerSeesTheSnapshotsButNoDownloadRestoreOrDelete() {
        assertThat(api.post("/api/v1/users", "{\"username\":\"" + VIEWER + "\",\"password\":\"" + VIEWER_PASSWORD
                + "\",\"role\":\"VIEWER\"}").status()).isEqualTo(201);
        signIn(VIEWER, VIEWER_PASSWORD);
        try {
            browser.get(url("/snapshots"));
            WebElement table = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("snapshots-table")));
            assertThat(table.findElements(By.cssSelector("tr[data-cluster='" + REBORN + "']"))).isNotEmpty();
            assertThat(table.findElements(By.cssSelector(".download, .restore-open, .delete-open"))).isEmpty();
        } finally {
            signIn(PanelApi.ADMIN, PanelApi.ADMIN_PASSWORD);
        }
    }

    /** A cluster with keys, backed up (and restore-tested), then deleted with its snapshots kept: the snapshot's id. */
    private String snapshotOfADeletedCluster() {
        assertThat(api.post("/api/v1/clusters", "{\"name\":\"" + GONE + "\",\"replicas\":1}").status()).isEqualTo(201);
        Poll.until(GONE + " Running", DEADLINE, () -> "Running".equals(api.phase(GONE)));
        try (EtcdTestClient etcd = new EtcdTestClient(api.members(GONE).get(0).path("clientUrls").get(0).asString())) {
            KEYS.forEach(etcd::put);
        }
        String id = api.backUp(GONE, DEADLINE).path("id").asString();
        Poll.until("the snapshot restore-tested", DEADLINE, () -> {
            JsonNode record = api.get("/api/v1/snapshots/" + id).json();
            return !record.path("restoreTestedAt").isNull();
        });
        assertThat(api.delete("/api/v1/clusters/" + GONE).status()).isEqualTo(202);
        Poll.until(GONE + " gone from the catalogue", DEADLINE, () -> api.get("/api/v1/clusters/" + GONE).status() == 404);
        return id;
    }

    private WebElement row(String snapshotId) {
        return waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-snapshot='" + snapshotId + "']")));
    }

    private static By rowAction(String snapshotId, String action) {
        return By.cssSelector("tr[data-snapshot='" + snapshotId + "'] " + action);
    }
}
