package org.adherence.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven by its ChromeDriver through Selenium: a clinician's browser. Nothing is
 * downloaded (Selenium Manager is not asked): {@code .ci/run} installs the packages {@code chromium} and
 * {@code chromium-driver} when they are missing.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("e2e.chromium", "/usr/bin/chromium"));

    static final Path CHROMEDRIVER = Path.of(System.getProperty("e2e.chromedriver", "/usr/bin/chromedriver"));

    private final ChromeDriver driver;

    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A fresh browser (an empty profile: no cookie of an earlier user). */
    static Browser open() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are not installed (" + CHROMIUM + ", " + CHROMEDRIVER
                        + "); .ci/run installs them: apt-get install chromium chromium-driver");
        try {
            Path profile = Files.createTempDirectory("e2e-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            // the flags this machine's network needs (no background connections to refuse) and a root user's sandbox
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                    "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            return new Browser(driver, profile);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WebDriver driver() {
        return driver;
    }

    /** Runs a script in the page: for what the DOM alone cannot tell (an image's decoded size). */
    Object script(String script, Object... arguments) {
        return driver.executeScript(script, arguments);
    }

    void go(String url) {
        driver.get(url);
    }

    /** Signs in on the identity provider's form, where the console has sent the browser. */
    void signIn(String username, String password) {
        WebElement user = await(By.name("username"));
        user.sendKeys(username);
        driver.findElement(By.name("password")).sendKeys(password);
        driver.findElement(By.cssSelector("button[type=submit], input[type=submit]")).click();
    }

    WebElement await(By element) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(30))
                    .until(ExpectedConditions.visibilityOfElementLocated(element));
        }
        catch (TimeoutException e) {
            // what the browser showed instead: the page's address and text
            throw new AssertionError("no " + element + " on " + driver.getCurrentUrl() + " after 30 s; the page says:\n"
                    + driver.findElement(By.tagName("body")).getText(), e);
        }
    }

    List<WebElement> all(By element) {
        return driver.findElements(element);
    }

    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    String title() {
        return driver.getTitle();
    }

    /** A PNG of the page as it is, for docs/ (the build keeps them under target/screenshots). */
    void screenshot(String name) {
        Path directory = Path.of(System.getProperty("e2e.screenshots", "target/screenshots"));
        try {
            Files.createDirectories(directory);
            // the whole page (up to 2,400 pixels), not only the window: a headless window grows without a screen
            Dimension window = driver.manage().window().getSize();
            long page = ((Number) driver.executeScript("return document.documentElement.scrollHeight")).longValue();
            int chrome = window.getHeight() - ((Number) driver.executeScript("return window.innerHeight")).intValue();
            driver.manage().window().setSize(new Dimension(window.getWidth(),
                    (int) Math.min(2400, Math.max(window.getHeight(), page + chrome))));
            Files.write(directory.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            driver.manage().window().setSize(window);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Posts a form the page does not offer, with the page's CSRF token: what a crafted request could do. */
    void postWithPageToken(String path) {
        driver.executeScript("""
                const token = document.querySelector('input[name="_csrf"]').value;
                const form = document.createElement('form');
                form.method = 'post';
                form.action = arguments[0];
                const field = document.createElement('input');
                field.type = 'hidden'; field.name = '_csrf'; field.value = token;
                form.appendChild(field);
                document.body.appendChild(form);
                form.submit();
                """, path);
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException ignored) {
            // a temporary directory
        }
    }
}
