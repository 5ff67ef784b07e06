package io.mtflux.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mtflux.testservers.Chromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The accounts page and the dashboard in a real headless Chromium: the access link signs the browser in, the
 * accounts show with their states, and the dashboard's uPlot charts draw live data (read back from the panels'
 * {@code data-last} attributes) without a reload. Screenshots go to {@code target/screenshots/}.
 */
class ConsoleBrowserTest {
    static final Path SHOTS = Path.of("target", "screenshots");

    private static ConsoleFixture fixture;
    private static Chromium chromium;

    @BeforeAll
    static void start() {
        fixture = ConsoleFixture.start(true, b -> b);
        chromium = Chromium.start();
    }

    @AfterAll
    static void stop() {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            String log = fixture.log();
            fixture.close();
            assertThat(log).doesNotContain(fixture.token());
        }
    }

    private static WebDriverWait waiting(ChromeDriver driver) {
        return new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(200));
    }

    private static JsonNode last(ChromeDriver driver, String panel) throws Exception {
        String json = driver.findElement(By.id("panel-" + panel)).getAttribute("data-last");
        return json == null ? Http.JSON.createObjectNode() : Http.JSON.readTree(json);
    }

    @Test
    void theAccountsPageShowsTheAccountsWithTheirStates() throws Exception {
        ChromeDriver driver = chromium.driver();
        driver.get(fixture.console.accessUrl());
        assertThat(driver.getCurrentUrl()).as("the token left the URL").isEqualTo(fixture.base() + "/");
        assertThat(driver.manage().getCookieNamed(Guard.COOKIE).isHttpOnly()).isTrue();
        waiting(driver).until(d -> d.findElements(By.cssSelector("#accounts-body tr")).size()
            == ConsoleFixture.USERS + 1);
        Map<String, String> states = driver.findElements(By.cssSelector("#accounts-body tr")).stream()
            .collect(Collectors.toMap(r -> r.getAttribute("data-account-id"), r -> r.getAttribute("data-state")));
        for (int i = 0; i < ConsoleFixture.USERS; i++) {
            String id = ConsoleFixture.id(i);
            assertThat(states.get(id)).as(id).isEqualTo(ConsoleFixture.banned(i) ? "BANNED" : "AUTHORIZED");
            assertThat(states.get(id)).isEqualTo(fixture.accounts.state(id).name());
        }
        assertThat(states.get("idle")).isEqualTo(fixture.accounts.state("idle").name());
        WebElement row = driver.findElement(By.cssSelector("tr[data-account-id='acc-0']"));
        List<String> links = row.findElements(By.tagName("a")).stream().map(a -> a.getAttribute("href")).toList();
        assertThat(links).contains(fixture.base() + "/accounts/acc-0", fixture.base() + "/accounts/acc-0/login",
            fixture.base() + "/accounts/acc-0/bot", fixture.base() + "/accounts/acc-0/qr");
        assertThat(row.getText()).contains("AUTHORIZED", String.valueOf(fixture.accounts.snapshot("acc-0").userId()));
        assertThat(row.findElements(By.tagName("td")).get(4).getText()).as("home DC").isEqualTo("1");
        // it refreshes itself: a state change shows without a reload
        fixture.accounts.stop(ConsoleFixture.id(2)).block(ConsoleFixture.WAIT);
        String stopped = fixture.accounts.state(ConsoleFixture.id(2)).name();
        waiting(driver).until(d -> stopped.equals(d.findElement(By.cssSelector("tr[data-account-id='acc-2']"))
            .getAttribute("data-state")));
        chromium.screenshot(SHOTS.resolve("accounts.png"));
        fixture.accounts.start(ConsoleFixture.id(2)).block(ConsoleFixture.WAIT);
        assertThat(Files.size(SHOTS.resolve("accounts.png"))).isGreaterThan(10_000);
    }

    @Test
    void theDashboardDrawsLiveCharts() throws Exception {
        ChromeDriver driver = chromium.driver();
        driver.get(fixture.console.accessUrl());
        driver.findElement(By.linkText("Dashboard")).click();
        waiting(driver).until(d -> d.getCurrentUrl().endsWith("/dashboard"));
        driver.executeScript("window.mtfluxNoReload = 42;");
        fixture.startTraffic();
        fixture.injectErrors();
        waiting(driver).until(d -> {
            try {
                return last(driver, "rpc").path("calls").asDouble() > 0
                    && last(driver, "latency").path("p50").asDouble() > 0
                    && last(driver, "accounts").path("AUTHORIZED").asInt() >= ConsoleFixture.USERS - 1
                    && driver.findElement(By.id("panel-rpc")).getAttribute("data-points") != null
                    && Integer.parseInt(driver.findElement(By.id("panel-rpc")).getAttribute("data-points")) >= 5
                    && last(driver, "errors").has("USER_ID_INVALID");
            } catch (Exception e) {
                return false;
            }
        });
        for (String panel : List.of("rpc", "latency", "errors", "flood", "connections", "funnel", "failures",
            "accounts")) {
            WebElement el = driver.findElement(By.id("panel-" + panel));
            assertThat(el.getAttribute("data-drawn")).as(panel).isEqualTo("true");
            assertThat(el.getAttribute("data-error")).as(panel).isNull();
            assertThat(el.findElements(By.cssSelector(".uplot canvas"))).as(panel).isNotEmpty();
        }
        JsonNode latency = last(driver, "latency");
        assertThat(latency.path("p50").asDouble()).isPositive().isLessThanOrEqualTo(latency.path("p95").asDouble());
        assertThat(latency.path("p95").asDouble()).isLessThanOrEqualTo(latency.path("p99").asDouble());
        assertThat(driver.findElement(By.cssSelector("#panel-rpc .legend-values")).getText()).startsWith("calls: ");
        assertThat(driver.executeScript("return window.mtfluxNoReload;")).as("no reload").isEqualTo(42L);
        chromium.screenshot(SHOTS.resolve("dashboard.png"));
        assertThat(Files.size(SHOTS.resolve("dashboard.png"))).isGreaterThan(10_000);
    }
}
