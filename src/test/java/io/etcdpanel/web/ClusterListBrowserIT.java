package io.etcdpanel.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The cluster list sums up how many clusters need attention, shows each one's last good backup, and narrows to a
 * search that the live refresh keeps.
 */
class ClusterListBrowserIT extends InBrowser {

    @Test
    void summaryBackupAgeAndASearchTheRefreshKeeps() {
        for (String name : List.of("list-alpha", "list-beta")) {
            assertThat(api.post("/api/v1/clusters", "{\"name\":\"" + name + "\",\"replicas\":1}").status()).isEqualTo(201);
        }
        browser.get(url("/"));
        waitFor().withTimeout(Duration.ofSeconds(180)).until(ExpectedConditions.textToBe(By.id("cluster-summary"),
                "2 clusters · all serving as asked"));
        assertThat(lastBackup("list-alpha")).isEqualTo("none yet");

        api.backUp("list-alpha", Duration.ofSeconds(180));
        waitFor().until(driver -> lastBackup("list-alpha").endsWith("ago") || lastBackup("list-alpha").equals("just now"));
        assertThat(lastBackup("list-beta")).isEqualTo("none yet");

        browser.findElement(By.id("cluster-search")).sendKeys("alp");
        waitFor().until(driver -> rows().size() == 1);
        WebElement table = browser.findElement(By.id("cluster-table"));
        waitFor().until(ExpectedConditions.stalenessOf(table));
        assertThat(rows()).as("after a refresh, still only the match").extracting(row -> row.getDomAttribute("data-cluster"))
                .containsExactly("list-alpha");
        assertThat(browser.findElement(By.id("cluster-summary")).getText()).startsWith("2 clusters");

        browser.findElement(By.id("cluster-search")).sendKeys("zzz");
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("no-match"), "alpzzz"));
    }

    private List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#clusters tbody tr"));
    }

    private String lastBackup(String cluster) {
        return browser.findElement(By.cssSelector("tr[data-cluster=" + cluster + "] .last-backup")).getText().strip();
    }
}
