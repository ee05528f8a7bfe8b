package io.etcdpanel.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcdpanel.support.PanelApi;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Swagger UI, as a person signed in to the console uses it: Authorize with Basic, then Try it out on a write, which
 * the panel accepts (credentials on the request need no CSRF token) and carries out.
 */
class SwaggerUiBrowserIT extends InBrowser {

    @Test
    void authorizeThenTryItOutCreatesACluster() {
        browser.get(url("/swagger-ui/index.html"));
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".info .title"), "etcd-panel REST API"));

        click(By.cssSelector(".auth-wrapper .btn.authorize"));
        type(By.cssSelector("input[aria-label='auth-basic-username']"), PanelApi.ADMIN);
        type(By.cssSelector("input[aria-label='auth-basic-password']"), PanelApi.ADMIN_PASSWORD);
        click(By.cssSelector(".auth-container button.authorize"));
        click(By.cssSelector(".auth-btn-wrapper .btn-done"));

        click(By.cssSelector("#operations-Clusters-createCluster .opblock-summary-control"));
        click(By.cssSelector("#operations-Clusters-createCluster .try-out__btn"));
        WebElement body = waitFor().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#operations-Clusters-createCluster textarea.body-param__text")));
        // a React-controlled textarea: set its value through the native setter so React sees the change
        ((JavascriptExecutor) browser).executeScript("""
                const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set;
                setter.call(arguments[0], arguments[1]);
                arguments[0].dispatchEvent(new Event('input', { bubbles: true }));""", body, "{\"name\":\"tried\",\"replicas\":1}");
        click(By.cssSelector("#operations-Clusters-createCluster .btn.execute"));

        WebElement status = waitFor().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#operations-Clusters-createCluster .live-responses-table tbody .response-col_status")));
        assertThat(status.getText()).startsWith("201");
        assertThat(api.get("/api/v1/clusters/tried").status()).isEqualTo(200);
    }

    private void click(By locator) {
        waitFor().until(ExpectedConditions.elementToBeClickable(locator)).click();
    }

    private void type(By locator, String text) {
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(locator)).sendKeys(text);
    }
}
