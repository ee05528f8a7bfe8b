package io.etcdpanel.web;

import io.etcdpanel.support.PanelApi;
import io.etcdpanel.support.RunningPanel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementClickInterceptedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The running panel seen through a real headless Chromium, opened once per test class. */
abstract class InBrowser extends RunningPanel {

    protected HeadlessChromium chromium;
    protected WebDriver browser;

    @BeforeAll
    void openBrowser() {
        chromium = HeadlessChromium.open(DEADLINE);
        browser = chromium.driver();
        signIn(PanelApi.ADMIN, PanelApi.ADMIN_PASSWORD);
    }

    /** Signs in through the form, as a person would; the session cookie then carries every page. */
    protected void signIn(String username, String password) {
        browser.manage().deleteAllCookies();
        browser.get(url("/login"));
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("sign-in")).click();
        waitFor().until(driver -> !driver.getCurrentUrl().contains("/login"));
    }

    @AfterAll
    void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    protected WebDriverWait waitFor() {
        return chromium.waitFor();
    }

    /** Bootstrap makes the page scroll smoothly, so a click right after Selenium's own scroll can land before the element does. */
    protected void clickInView(By target) {
        waitFor().ignoring(ElementClickInterceptedException.class).until(page -> {
            WebElement element = page.findElement(target);
            ((JavascriptExecutor) page).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element);
            element.click();
            return true;
        });
    }

    protected String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
