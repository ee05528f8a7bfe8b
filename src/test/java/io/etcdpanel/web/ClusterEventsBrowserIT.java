package io.etcdpanel.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.etcdpanel.events.EventLog;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A cluster's events on its page come a page at a time and can be narrowed by type and text; the live refresh keeps
 * the page and the filters it shows, and typing in the filter is never interrupted by it.
 */
class ClusterEventsBrowserIT extends InBrowser {

    private static final String CLUSTER = "eventful";

    @Autowired
    EventLog events;

    @Test
    void eventsArePagedFilteredAndKeptFilteredByTheLiveRefresh() {
        assertThat(api.post("/api/v1/clusters", "{\"name\":\"" + CLUSTER + "\",\"replicas\":1}").status()).isEqualTo(201);
        for (int i = 1; i <= 60; i++) {
            events.normal(CLUSTER, "Churn", "routine change number " + i, "test");
        }
        events.warning(CLUSTER, "DiskPressure", "the disk is 90% full (needle_1)", "test");

        browser.get(url("/clusters/" + CLUSTER));
        WebElement position = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("events-position")));
        assertThat(position.getText()).startsWith("page 1 of ");
        assertThat(rows()).hasSize(25);
        assertThat(browser.findElement(By.id("events-newer")).isEnabled()).isFalse();

        chromium.click(By.id("events-older"));
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("events-position"), "page 2 of "));
        assertThat(rows()).hasSize(25).noneMatch(row -> row.getText().contains("needle"));

        new Select(browser.findElement(By.id("events-type"))).selectByValue("Warning");
        waitFor().until(driver -> rows().size() == 1 && rows().get(0).getText().contains("DiskPressure"));

        new Select(browser.findElement(By.id("events-type"))).selectByValue("");
        browser.findElement(By.id("events-q")).sendKeys("NEEDLE_");
        waitFor().until(driver -> rows().size() == 1 && rows().get(0).getText().contains("needle_1"));

        // the refresh every 3 s asks with the same filter: a new match appears, a new non-match does not
        events.normal(CLUSTER, "Churn", "unrelated", "test");
        events.warning(CLUSTER, "DiskPressure", "still full (needle_2)", "test");
        waitFor().until(driver -> rows().size() == 2);
        assertThat(rows()).noneMatch(row -> row.getText().contains("unrelated"));
        assertThat(browser.findElement(By.id("events-q")).getDomProperty("value")).isEqualTo("NEEDLE_");

        browser.findElement(By.id("events-q")).sendKeys("nothing like it");
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("events-empty"), "No events match"));
    }

    private List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#events-table .event-row"));
    }
}
