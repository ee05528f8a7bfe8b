package io.etcdpanel.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import io.etcdpanel.support.PanelApi;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * An admin's session in a real headless Chromium: adding users (a bad password is refused beside its field), making a
 * token whose secret is shown once, revoking it after a confirmation, then what an operator and a viewer see.
 */
class AccessBrowserIT extends InBrowser {

    private static final String PASSWORD = "browser-password-1";
    private static final List<Path> AUDIT_SCREENSHOTS = List.of(Path.of("target/screenshots/audit.png"), Path.of("docs/audit.png"));

    @Test
    void anAdminManagesUsersAndTokensAndEachRoleSeesOnlyWhatItMayUse() throws IOException {
        browser.get(url("/"));
        assertThat(browser.findElement(By.id("signed-in-as")).getText()).contains(PanelApi.ADMIN).contains("admin");
        browser.findElement(By.id("nav-access")).click();
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("user-form")));

        addUser("web-operator", "short", "OPERATOR");
        WebElement feedback = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#user-password + .invalid-feedback")));
        assertThat(feedback.getText()).contains("at least 12 characters");
        assertThat(browser.findElement(By.id("user-username")).getDomProperty("value")).isEqualTo("web-operator");
        addUser("web-operator", PASSWORD, "OPERATOR");
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Added web-operator as operator"));
        addUser("web-viewer", PASSWORD, "VIEWER");
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Added web-viewer as viewer"));

        browser.findElement(By.id("token-name")).sendKeys("nightly-job");
        browser.findElement(By.id("token-add")).click();
        String secret = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("created-token-secret"))).getText();
        assertThat(secret).startsWith("epk_");
        chromium.saveScreenshot(Path.of("target/screenshots/access.png"));
        assertThat(new PanelApi(port).withToken(secret).get("/api/v1/clusters").status()).isEqualTo(200);
        browser.navigate().refresh();
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-token=nightly-job]")));
        assertThat(browser.getPageSource()).as("the secret after a reload").doesNotContain(secret);

        browser.findElement(By.cssSelector("[data-token=nightly-job] .token-revoke")).click();
        waitFor().until(ExpectedConditions.alertIsPresent()).accept();
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Revoked the token nightly-job"));
        assertThat(browser.findElement(By.cssSelector("[data-token=nightly-job] .token-state")).getText()).isEqualTo("revoked");
        assertThat(new PanelApi(port).withToken(secret).get("/api/v1/clusters").status()).isEqualTo(401);

        browser.findElement(By.id("sign-out")).click();
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("signed-out")));

        signIn("web-operator", PASSWORD);
        assertThat(browser.findElements(By.id("nav-access"))).as("an operator's menu").isEmpty();
        assertThat(browser.findElements(By.id("new-cluster"))).as("an operator may create").isNotEmpty();
        browser.get(url("/access"));
        assertThat(waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("forbidden"))).getText()).contains("role does not allow");

        signIn("web-viewer", PASSWORD);
        browser.get(url("/"));
        assertThat(browser.findElement(By.id("signed-in-as")).getText()).contains("web-viewer").contains("viewer");
        assertThat(browser.findElements(By.id("new-cluster"))).as("a viewer may not create").isEmpty();
        assertThat(browser.findElements(By.id("nav-audit"))).as("a viewer reads the audit").isNotEmpty();
        signIn(PanelApi.ADMIN, PanelApi.ADMIN_PASSWORD);
        browser.findElement(By.id("nav-audit")).click();
        WebElement revocation = waitFor().until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//tr[contains(@class,'audit-row')][.//code[text()='token.revoke']]")));
        assertThat(revocation.findElement(By.className("audit-actor")).getText()).isEqualTo(PanelApi.ADMIN);
        assertThat(revocation.findElement(By.className("audit-outcome")).getText()).isEqualTo("Succeeded");
        chromium.saveScreenshot(AUDIT_SCREENSHOTS.toArray(Path[]::new));
        // one time zone on every page, UTC, and the viewer's own on hover
        waitFor().until(ExpectedConditions.attributeContains(revocation.findElement(By.tagName("time")), "title", "your time"));
        assertThat(revocation.findElement(By.tagName("time")).getDomAttribute("title")).matches(".+ UTC · .+ your time");

        // a refused change with a long unbroken path (once a 500: too long for the audit's cluster column), which once
        // made the audit table scroll sideways
        assertThat(api.patch("/api/v1/clusters/" + "x".repeat(180), "{\"replicas\":3}").status()).isEqualTo(404);
        browser.navigate().refresh();
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit-table"), "xxxxxxxxxx"));
        long sideways = (Long) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(sideways).as("pixels the audit page scrolls sideways at 1400 px").isLessThanOrEqualTo(0L);
    }

    private void addUser(String name, String password, String role) {
        WebElement username = browser.findElement(By.id("user-username"));
        username.clear();
        username.sendKeys(name);
        browser.findElement(By.id("user-password")).sendKeys(password);
        new Select(browser.findElement(By.id("user-role"))).selectByValue(role);
        browser.findElement(By.id("user-add")).click();
    }
}
