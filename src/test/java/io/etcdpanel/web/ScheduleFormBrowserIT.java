package io.etcdpanel.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.etcdpanel.support.Poll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;

/**
 * The Schedule card of a cluster's page, in a real headless Chromium against the real app: the empty state, the next
 * five runs previewed in the chosen zone as the cron line is typed, a bad zone or line refused beside its field, a schedule saved
 * and shown with its next run as the API has it, a bad save that changes nothing, and a delete that asks first.
 */
class ScheduleFormBrowserIT extends InBrowser {

    private static final String CLUSTER = "timed";
    private static final String SCHEDULE = "/api/v1/clusters/" + CLUSTER + "/backup-schedule";
    private static final String ZONE = "Asia/Kolkata";
    private static final String EVERY_15_MINUTES = "*/15 * * * *";
    // What is saved runs once a day, so that no scheduled backup moves the next run while the test compares it.
    private static final String NIGHTLY = "30 2 * * *";
    private static final List<Path> SCREENSHOTS = List.of(Path.of("target/screenshots/schedule-form.png"),
            Path.of("docs/schedule-form.png"));

    @Test
    void aScheduleIsPreviewedAsTypedSavedOnlyWhenValidAndDeletedAfterConfirmation() throws IOException {
        assertThat(api.post("/api/v1/clusters", "{\"name\":\"" + CLUSTER + "\",\"replicas\":1}").status()).isEqualTo(201);
        Poll.until(CLUSTER + " Running", DEADLINE, () -> "Running".equals(api.phase(CLUSTER)));

        browser.get(url("/clusters/" + CLUSTER));
        WebElement empty = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("schedule-empty")));
        assertThat(empty.getText()).contains("No schedule", "backups run only when you ask");

        chromium.click(By.id("schedule-edit"));
        type("schedule-timeZone", "Mars/Olympus");
        WebElement zoneRefusal = waitFor().withMessage(this::cardState)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("schedule-timeZone-feedback")));
        assertThat(zoneRefusal.getText()).contains("is not a time zone");
        assertThat(browser.findElement(By.id("schedule-cron-feedback")).isDisplayed()).as("a cron line not typed yet").isFalse();
        type("schedule-timeZone", ZONE);
        waitFor().until(ExpectedConditions.invisibilityOfElementLocated(By.id("schedule-timeZone-feedback")));
        type("schedule-cron", EVERY_15_MINUTES);
        List<Instant> runs = waitFor().withMessage(this::cardState).until(page -> fiveRunsFifteenMinutesApart());
        assertThat(runs.get(0)).isAfter(Instant.now().minusSeconds(1)).isBefore(Instant.now().plus(Duration.ofMinutes(15)));
        assertThat(browser.findElements(By.cssSelector("#schedule-runs li")))
                .allSatisfy(run -> assertThat(run.getText()).matches(".+ 2\\d{3}, \\d\\d:(00|15|30|45) IST (in \\d+ \\w+|due now)"));

        type("schedule-cron", "every 15 minutes");
        WebElement refusal = waitFor().withMessage(this::cardState)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("schedule-cron-feedback")));
        assertThat(refusal.getText()).contains("must have 5 fields", "not 3");
        assertThat(browser.findElement(By.id("schedule-cron")).getDomAttribute("class")).contains("is-invalid");
        assertThat(browser.findElements(By.id("schedule-runs"))).isEmpty();

        type("schedule-cron", NIGHTLY);
        waitFor().until(ExpectedConditions.invisibilityOfElementLocated(By.id("schedule-cron-feedback")));
        type("schedule-keepLast", "10");
        type("schedule-maxAge", "P7D");
        chromium.click(By.id("schedule-save"));
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("schedule-flash"), "Saved: " + CLUSTER));
        assertThat(browser.findElement(By.id("schedule-shown-cron")).getText()).isEqualTo(NIGHTLY);
        assertThat(browser.findElement(By.id("schedule-shown-zone")).getText()).isEqualTo(ZONE);
        assertThat(browser.findElement(By.id("schedule-retention")).getText()).isEqualTo("the newest 10, none older than 7 days");
        assertThat(browser.findElement(By.id("schedule-last-run")).getText()).isEqualTo("never");
        WebElement nextRun = browser.findElement(By.cssSelector("#schedule-next-run time"));
        assertThat(nextRun.getText()).matches("in \\d+ (minutes?|hours?)");
        assertThat(browser.findElement(By.id("schedule-next-run")).getText()).contains("02:30 IST");

        JsonNode saved = api.get(SCHEDULE).json();
        assertThat(saved.path("cron").asString()).isEqualTo(NIGHTLY);
        assertThat(saved.path("timeZone").asString()).isEqualTo(ZONE);
        assertThat(saved.path("enabled").asBoolean()).isTrue();
        assertThat(saved.path("keepLast").asInt()).isEqualTo(10);
        assertThat(saved.path("maxAge").asString()).isEqualTo("P7D");
        assertThat(Instant.parse(saved.path("nextRunAt").asString())).isEqualTo(Instant.parse(nextRun.getDomAttribute("datetime")));

        chromium.click(By.id("schedule-edit"));
        waitFor().until(ExpectedConditions.elementToBeClickable(By.id("schedule-save")));
        assertThat(browser.findElement(By.id("schedule-cron")).getDomProperty("value")).isEqualTo(NIGHTLY);
        assertThat(browser.findElements(By.cssSelector("#schedule-runs li"))).as("the saved schedule's preview").hasSize(5);
        saveScreenshotOf(By.id("schedule-card"));

        type("schedule-cron", "*/5 * * * *");
        type("schedule-keepLast", "0");
        type("schedule-maxAge", "seven days");
        chromium.click(By.id("schedule-save"));
        WebElement maxAge = waitFor().withMessage(this::cardState)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("schedule-maxAge-feedback")));
        assertThat(maxAge.getText()).contains("ISO-8601 duration");
        assertThat(browser.findElement(By.id("schedule-keepLast-feedback")).getText()).isEqualTo("must be at least 1");
        assertThat(browser.findElement(By.id("schedule-maxAge")).getDomProperty("value")).isEqualTo("seven days");
        assertThat(browser.findElement(By.id("schedule-cron")).getDomProperty("value")).isEqualTo("*/5 * * * *");
        assertThat(browser.findElement(By.id("schedule-shown-cron")).getText()).isEqualTo(NIGHTLY);
        assertThat(api.get(SCHEDULE).json()).isEqualTo(saved);

        chromium.click(By.id("schedule-delete-open"));
        WebElement dialog = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("schedule-delete-modal")));
        assertThat(dialog.getText()).contains("The backups already taken are kept");
        assertThat(api.get(SCHEDULE).status()).as("nothing is deleted before the confirmation").isEqualTo(200);
        chromium.click(By.id("schedule-delete-confirm"));
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("schedule-flash"), "Schedule deleted"));
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("schedule-empty")));
        waitFor().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".modal-backdrop")));
        assertThat(api.get(SCHEDULE).status()).isEqualTo(404);
    }

    private void type(String field, String text) {
        WebElement input = waitFor().until(ExpectedConditions.elementToBeClickable(By.id(field)));
        input.clear();
        input.sendKeys(text);
    }

    /** The preview's runs once it lists five, each 15 minutes after the one before; null until then. */
    private List<Instant> fiveRunsFifteenMinutesApart() {
        List<Instant> runs = browser.findElements(By.cssSelector("#schedule-runs time")).stream()
                .map(time -> Instant.parse(time.getDomAttribute("datetime"))).toList();
        if (runs.size() != 5) {
            return null;
        }
        for (int i = 1; i < runs.size(); i++) {
            if (!Duration.between(runs.get(i - 1), runs.get(i)).equals(Duration.ofMinutes(15))) {
                return null;
            }
        }
        return runs;
    }

    /** Only the card, so that the picture is of what this test is about; the window grows for it, as the open form is tall. */
    private void saveScreenshotOf(By element) throws IOException {
        Dimension size = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(size.getWidth(), 2000));
        try {
            WebElement shown = browser.findElement(element);
            ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({behavior: 'instant'})", shown);
            byte[] png = shown.getScreenshotAs(OutputType.BYTES);
            for (Path file : SCREENSHOTS) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.write(file, png);
            }
        } finally {
            browser.manage().window().setSize(size);
        }
    }

    /** What the card showed when a wait gave up, so a failure says more than "timed out". */
    private String cardState() {
        try {
            return "schedule card:\n" + browser.findElement(By.id("schedule-card")).getText();
        } catch (RuntimeException e) {
            return "card unreadable: " + e.getMessage();
        }
    }
}
