package io.etcdpanel.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.etcdpanel.catalogue.ClusterCatalogue;
import io.etcdpanel.catalogue.ClusterView;
import io.etcdpanel.support.Poll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A person's first session, in a real headless Chromium against the real app running real etcd
 * members: empty state, a refused form, a 3-member cluster coming up live, then deleting it.
 */
class DashboardBrowserIT extends InBrowser {

    private static final String CLUSTER = "browsed";
    private static final List<Path> SCREENSHOTS = List.of(Path.of("target/screenshots/cluster-running.png"),
            Path.of("docs/screenshot.png"));

    @Autowired
    ClusterCatalogue catalogue;

    private final Set<String> memberStatesSeen = new HashSet<>();

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
        assertThat(memberStatesSeen).as("members being created read as starting, never as unhealthy")
                .doesNotContain("unhealthy").contains("healthy");
        chromium.saveScreenshot(SCREENSHOTS.toArray(Path[]::new));

        String leader = browser.findElement(By.cssSelector("#members-table tr:has([data-role=leader])")).getDomAttribute("data-member");
        chromium.click(By.linkText(leader));
        WebElement log = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#log pre")));
        assertThat(log.getText()).contains("etcd-panel starts " + leader);
        browser.findElement(By.linkText(CLUSTER)).click();

        confirmDeletion("not-" + CLUSTER, false);
        waitFor().until(ExpectedConditions.textToBe(By.id("flash"),
                "Nothing was deleted: type the cluster's name, " + CLUSTER + ", to confirm the deletion."));
        assertThat(catalogue.find(CLUSTER)).map(ClusterView::deleting).contains(false);

        confirmDeletion(CLUSTER, true);
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Deleting " + CLUSTER));
        assertThat(browser.findElement(By.id("flash")).getText()).contains("their data kept");
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("empty-state")));
        assertThat(browser.findElements(By.cssSelector("[data-cluster=" + CLUSTER + "]"))).isEmpty();
        Poll.until("the members' data kept under " + DATA_DIR.resolve("kept"), DEADLINE, () -> {
            try (var kept = Files.list(DATA_DIR.resolve("kept"))) {
                return kept.anyMatch(dir -> dir.getFileName().toString().startsWith(CLUSTER + "-")
                        && Files.isRegularFile(dir.resolve(CLUSTER + "-0/member/snap/db")));
            } catch (IOException e) {
                return false;
            }
        });
    }

    private void submitCreateForm(String name) {
        WebElement field = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("name")));
        field.clear();
        field.sendKeys(name);
        new Select(browser.findElement(By.id("replicas"))).selectByValue("3");
        browser.findElement(By.id("create")).click();
    }

    private void confirmDeletion(String typedName, boolean keepVolumes) {
        chromium.click(By.id("delete-open"));
        WebElement confirm = waitFor().until(ExpectedConditions.elementToBeClickable(By.id("confirmName")));
        confirm.sendKeys(typedName);
        WebElement keep = browser.findElement(By.id("keepVolumes"));
        assertThat(keep.isSelected()).as("keep volumes is off unless ticked").isFalse();
        assertThat(browser.findElement(By.cssSelector("label[for=keepVolumes]")).getText()).isEqualTo("Keep volumes (data)");
        if (keepVolumes) {
            keep.click();
        }
        browser.findElement(By.id("delete-confirm")).click();
    }

    private boolean runningWithOneLeaderAndThreeHealthyMembers() {
        List<WebElement> rows = browser.findElements(By.cssSelector("#members-table tbody tr"));
        rows.forEach(row -> memberStatesSeen.add(row.getDomAttribute("data-state")));
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
}
