package io.mtflux.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mtflux-demo.jar --web} as a process: the console line first, then the test data to try; the first visit
 * with the token sets the cookie and redirects, the accounts page then answers 200; the demo's bot logs in through
 * the REST API and its client's meters show on {@code /metrics}; the end of stdin stops it with exit 0.
 */
class DemoWebTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void theConsoleOnTheDemoCluster() throws Exception {
        CliProcess demo = CliProcess.start("demo-web", dir, Demo.class, List.of("--web"), line -> { });
        try {
            ConsoleHttp console = ConsoleHttp.of(demo);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (demo.lines.stream().noneMatch(l -> l.raw().startsWith("stops on")) && demo.process.isAlive()
                && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            String text = demo.lines.stream().map(CliProcess.Line::raw).collect(Collectors.joining("\n"));
            assertThat(text).contains("phone " + DemoConsole.USER + "  code " + DemoConsole.CODE)
                .contains("phone " + DemoConsole.TWO_FA_USER).contains("password " + DemoConsole.PASSWORD)
                .contains("phone " + DemoConsole.NEW_NUMBER + "  code 22222")
                .contains("token " + DemoConsole.BOT_TOKEN);

            // the link of the first line: a cookie and a redirect to the same page without the token
            ConsoleHttp.Answer first = console.bare("/?token=" + console.token);
            assertThat(first.status()).as(first.text()).isEqualTo(303);
            assertThat(first.headers().firstValue("Location")).hasValue("/");
            String cookie = first.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("mtflux_console=")).findFirst().orElseThrow();
            assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").doesNotContain(console.token);
            ConsoleHttp.Answer page = console.bare("/", "Cookie", cookie.substring(0, cookie.indexOf(';')));
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/html"));
            assertThat(page.text()).doesNotContain(console.token);

            ConsoleHttp.Answer bot = console.post("/api/accounts/helper/bot",
                "{\"token\":\"" + DemoConsole.BOT_TOKEN + "\"}");
            assertThat(bot.status()).as(bot.text()).isEqualTo(200);
            assertThat(bot.json().path("step").asText()).isEqualTo("AUTHORIZED");
            assertThat(bot.json().path("bot").asBoolean()).isTrue();
            ConsoleHttp.Answer metrics = console.get("/metrics");
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.text()).contains("mtproto_").doesNotContain(DemoConsole.BOT_TOKEN);
            assertThat(console.bare("/metrics").status()).isEqualTo(401);

            demo.closeStdin();
            assertThat(demo.awaitExit(WAIT)).as(demo.stderr()).isZero();
            assertThat(demo.stderr()).contains("mtflux-demo: stopping (stdin closed)")
                .doesNotContain(console.token).doesNotContain(DemoConsole.BOT_TOKEN);
        } finally {
            demo.destroy();
        }
    }
}
