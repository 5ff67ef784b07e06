package io.mtflux.testservers;

import io.mtflux.testsupport.Apt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium driven by Selenium for the browser tests: Debian's {@code /usr/bin/chromium} and
 * {@code /usr/bin/chromedriver} (packages {@code chromium} and {@code chromium-driver}, installed with apt-get when
 * missing; the test fails when that fails), started with a fresh profile and without any download (no Selenium
 * Manager: the driver binary is given explicitly). Close it to quit the browser and delete the profile.
 */
public final class Chromium implements AutoCloseable {
    /** The browser binary. */
    public static final Path BROWSER = Path.of("/usr/bin/chromium");
    /** The driver binary. */
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Installs chromium and chromium-driver when missing; fails with a clear message when it cannot. */
    public static void ensureInstalled() {
        Apt.ensure(List.of(BROWSER, DRIVER), "chromium", "chromium-driver");
    }

    /**
     * Starts a headless browser (1280x900).
     *
     * @return the browser
     */
    public static Chromium start() {
        ensureInstalled();
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        System.setProperty("selenium.manager.offline", "true");
        Path profile;
        try {
            profile = Files.createTempDirectory("mtflux-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a profile directory", e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .withEnvironment(java.util.Map.of("SE_OFFLINE", "true"))
            .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Chromium(driver, profile);
    }

    /** @return the driver */
    public ChromeDriver driver() {
        return driver;
    }

    /**
     * Saves a screenshot of the window as PNG.
     *
     * @param file where (its directories are made)
     * @return the file
     */
    public Path screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, file, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(shot);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the screenshot " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a temp dir
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
