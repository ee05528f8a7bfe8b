package io.etcdpanel.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.etcdpanel.support.PanelProcess;
import io.etcdpanel.support.PanelUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A first admin signed in with the generated password is kept on the change-password page until they choose their
 * own: every other page sends them back, each bad entry is named beside its field and changes nothing, and the new
 * password is the only one that works afterwards (pages and API), audited without the password itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PasswordChangeBrowserIT {

    private static final Pattern PRINTED = Pattern.compile("password: (\\S+)");
    private static final String CHOSEN = "a passphrase of our own";

    private PanelProcess panel;
    private HeadlessChromium chromium;
    private WebDriver browser;
    private String generated;

    @BeforeAll
    void startPanelAndBrowser() throws Exception {
        Path dataDir = PanelUnderTest.temporaryDirectory("etcdpanel-password-change-");
        panel = new PanelProcess(dataDir, "24910-24919", dataDir.resolveSibling(dataDir.getFileName() + "-panel.log"),
                List.of("--etcdpanel.security.admin-password="));
        panel.start();
        Matcher printed = PRINTED.matcher(Files.readString(panel.log()));
        assertThat(printed.find()).as("a generated password printed in " + panel.log()).isTrue();
        generated = printed.group(1);
        chromium = HeadlessChromium.open(Duration.ofSeconds(60));
        browser = chromium.driver();
    }

    @AfterAll
    void stop() {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            panel.stop();
        }
    }

    @Test
    void theGeneratedPasswordMustBeReplacedBeforeAnythingElse() {
        browser.get(url("/login"));
        browser.findElement(By.id("username")).sendKeys("admin");
        browser.findElement(By.id("password")).sendKeys(generated);
        browser.findElement(By.id("sign-in")).click();
        chromium.waitFor().until(ExpectedConditions.urlMatches("/account/password$"));
        assertThat(browser.findElement(By.id("password-required")).getText()).contains("generated", "Choose your own");

        browser.get(url("/audit"));
        chromium.waitFor().until(ExpectedConditions.urlMatches("/account/password$"));

        change("not the password", CHOSEN, CHOSEN);
        assertFieldError("current-password-feedback", "is not your current password");
        change(generated, CHOSEN, CHOSEN + " typo");
        assertFieldError("confirm-password-feedback", "does not match");
        change(generated, "too short", "too short");
        assertFieldError("new-password-feedback", "at least 12");
        change(generated, generated, generated);
        assertFieldError("new-password-feedback", "must differ");
        assertThat(panel.api().as("admin", generated).get("/api/v1/users").status()).as("nothing changed yet").isEqualTo(200);

        change(generated, CHOSEN, CHOSEN);
        chromium.waitFor().until(ExpectedConditions.urlMatches(":" + panel.port() + "/$"));
        assertThat(browser.findElement(By.id("flash")).getText()).contains("Password changed");
        browser.get(url("/audit"));
        chromium.waitFor().until(ExpectedConditions.urlMatches("/audit$"));
        assertThat(browser.findElement(By.id("nav-password")).getDomAttribute("href")).isEqualTo("/account/password");

        assertThat(panel.api().as("admin", generated).get("/api/v1/users").status()).isEqualTo(401);
        var audit = panel.api().as("admin", CHOSEN).get("/api/v1/audit");
        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.raw().body()).contains("password.change").doesNotContain(CHOSEN).doesNotContain(generated);
    }

    private void change(String current, String chosen, String again) {
        browser.findElement(By.id("current-password")).sendKeys(current);
        browser.findElement(By.id("new-password")).sendKeys(chosen);
        browser.findElement(By.id("confirm-password")).sendKeys(again);
        browser.findElement(By.id("change-password")).click();
    }

    private void assertFieldError(String feedback, String text) {
        chromium.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id(feedback), text));
        assertThat(browser.findElement(By.id(feedback)).isDisplayed()).isTrue();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + panel.port() + path;
    }
}
