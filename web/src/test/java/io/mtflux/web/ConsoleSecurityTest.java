package io.mtflux.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mtflux.web.WebClient.Answer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The guard over real HTTP: the token, the cookie session, CSRF, the Origin check, the security headers on every
 * answer, the loopback default, {@code /metrics} behind the bearer, and no secret in the log of the run.
 */
class ConsoleSecurityTest {
    static final List<String> PAGES = List.of("/", "/dashboard");
    static final List<String> READS = List.of("/api/accounts", "/api/dashboard/stream", "/metrics");
    static final String CHANGE = "/api/console/sign-out";

    private static ConsoleFixture fixture;
    private static final List<String> SECRETS = new ArrayList<>();

    @BeforeAll
    static void start() {
        fixture = ConsoleFixture.start(false, b -> b);
        SECRETS.add(fixture.token());
    }

    @AfterAll
    static void stop() {
        String log = fixture.log();
        fixture.close();
        assertThat(log).as("the log of the run").contains("new session");
        for (String secret : SECRETS) {
            assertThat(log).as("the log of the run holds no token, cookie or CSRF value").doesNotContain(secret);
        }
    }

    private static String url(String path) {
        return fixture.base() + path;
    }

    /** Opens the access link: the cookie's session id. */
    private static String session() {
        Answer a = WebClient.get(url("/dashboard?token=" + fixture.token() + "&x=1"), Map.of());
        assertThat(a.status()).isEqualTo(303);
        assertThat(a.header("Location")).isEqualTo("/dashboard?x=1");
        String cookie = a.header("Set-Cookie");
        assertThat(cookie).startsWith(Guard.COOKIE + "=").contains("HttpOnly").contains("SameSite=Strict")
            .contains("Path=/");
        String id = cookie.substring(Guard.COOKIE.length() + 1, cookie.indexOf(';'));
        assertThat(id).isNotEqualTo(fixture.token()).doesNotContain(fixture.token()).hasSizeGreaterThan(30);
        SECRETS.add(id);
        assertSecurityHeaders(a, true);
        return id;
    }

    private static String csrf(String session) {
        Answer page = WebClient.get(url("/"), cookie(session));
        assertThat(page.status()).isEqualTo(200);
        Matcher m = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">").matcher(page.body());
        assertThat(m.find()).as("the page has the CSRF meta").isTrue();
        SECRETS.add(m.group(1));
        return m.group(1);
    }

    private static Map<String, String> cookie(String session) {
        return Map.of("Cookie", Guard.COOKIE + "=" + session);
    }

    static void assertSecurityHeaders(Answer a, boolean noStore) {
        assertThat(a.header("Content-Security-Policy")).isEqualTo("default-src 'self'; img-src 'self' data:; "
            + "style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
            + "form-action 'self'");
        assertThat(a.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(a.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(a.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(a.header("Cross-Origin-Opener-Policy")).isEqualTo("same-origin");
        assertThat(a.header("Permissions-Policy")).isNotBlank();
        if (noStore) {
            assertThat(a.header("Cache-Control")).isEqualTo("no-store");
        } else {
            assertThat(a.header("Cache-Control")).isNotEqualTo("no-store");
        }
    }

    @Test
    void bindsToLoopbackByDefault() {
        assertThat(fixture.console.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(fixture.console.options().toString()).doesNotContain(fixture.token());
    }

    @Test
    void everyRouteWithoutOrWithAWrongTokenIs401() {
        for (String path : PAGES) {
            Answer none = WebClient.get(url(path), Map.of());
            assertThat(none.status()).as(path).isEqualTo(401);
            assertThat(none.header("Content-Type")).startsWith("text/html");
            assertSecurityHeaders(none, true);
            Answer wrong = WebClient.get(url(path + "?token=wrong-token-wrong-token"), Map.of());
            assertThat(wrong.status()).as(path).isEqualTo(401);
            assertThat(wrong.header("Set-Cookie")).isNull();
            Answer wrongCookie = WebClient.get(url(path), cookie(fixture.token()));
            assertThat(wrongCookie.status()).as("the token is no session id: " + path).isEqualTo(401);
        }
        for (String path : READS) {
            Answer none = WebClient.get(url(path), Map.of());
            assertThat(none.status()).as(path).isEqualTo(401);
            assertThat(none.body()).contains("\"error\":\"UNAUTHORIZED\"");
            assertSecurityHeaders(none, true);
            Answer wrong = WebClient.get(url(path), Map.of("Authorization", "Bearer " + fixture.token() + "x"));
            assertThat(wrong.status()).as(path).isEqualTo(401);
        }
        Answer post = WebClient.post(url(CHANGE), Map.of("Content-Type", "application/json"), "{}");
        assertThat(post.status()).isEqualTo(401);
        assertThat(post.body()).contains("\"error\":\"UNAUTHORIZED\"");
    }

    @Test
    void theAccessLinkSetsAnOpaqueCookieAndTheCookieOpensPagesAndReads() {
        String session = session();
        for (String path : PAGES) {
            Answer a = WebClient.get(url(path), cookie(session));
            assertThat(a.status()).as(path).isEqualTo(200);
            assertThat(a.body()).contains("<meta name=\"csrf-token\"").contains("/static/console.js")
                .doesNotContain("<script>").doesNotContain("style=\"");
            assertSecurityHeaders(a, true);
        }
        Answer accounts = WebClient.get(url("/api/accounts"), cookie(session));
        assertThat(accounts.status()).isEqualTo(200);
        assertThat(accounts.body()).contains("\"accountId\":\"idle\"").contains("\"state\":")
            .contains("\"since\":").contains("\"homeDc\":").contains("\"lastError\":")
            .contains("\"pendingStep\":").doesNotContain("\"fence\"");
    }

    @Test
    void postsNeedTheSessionsCsrfTokenAndTheConsolesOrigin() throws Exception {
        String session = session();
        String token = csrf(session);
        Map<String, String> json = new java.util.HashMap<>(cookie(session));
        json.put("Content-Type", "application/json");

        Answer none = WebClient.post(url(CHANGE), json, "{}");
        assertThat(none.status()).isEqualTo(403);
        assertThat(none.body()).contains("\"error\":\"CSRF_TOKEN_INVALID\"");
        assertSecurityHeaders(none, true);

        Map<String, String> wrong = new java.util.HashMap<>(json);
        wrong.put("X-CSRF-Token", token.substring(1) + "A");
        assertThat(WebClient.post(url(CHANGE), wrong, "{}").status()).isEqualTo(403);

        Map<String, String> otherSession = new java.util.HashMap<>(json);
        otherSession.put("X-CSRF-Token", csrf(session()));
        assertThat(WebClient.post(url(CHANGE), otherSession, "{}").status()).as("another session's token")
            .isEqualTo(403);

        Map<String, String> evil = new java.util.HashMap<>(json);
        evil.put("X-CSRF-Token", token);
        evil.put("Origin", "http://evil.example");
        Answer foreign = WebClient.post(url(CHANGE), evil, "{}");
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.body()).contains("\"error\":\"ORIGIN_FORBIDDEN\"");

        Map<String, String> good = new java.util.HashMap<>(json);
        good.put("X-CSRF-Token", token);
        good.put("Origin", fixture.base());
        Answer ok = WebClient.post(url(CHANGE), good, "{}");
        assertThat(ok.status()).isEqualTo(200);
        JsonNode body = Http.JSON.readTree(ok.body());
        assertThat(body.get("signedOut").asBoolean()).isTrue();
        assertSecurityHeaders(ok, true);
        assertThat(WebClient.get(url("/"), cookie(session)).status()).as("the session ended").isEqualTo(401);
    }

    @Test
    void theFormFieldCarriesTheCsrfTokenToo() {
        String session = session();
        String token = csrf(session);
        Map<String, String> form = new java.util.HashMap<>(cookie(session));
        form.put("Content-Type", "application/x-www-form-urlencoded");
        assertThat(WebClient.post(url(CHANGE), form, "_csrf=nope").status()).isEqualTo(403);
        Answer ok = WebClient.post(url(CHANGE), form, "_csrf=" + token);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).contains("Signed out");
    }

    @Test
    void theBearerTokenWorksWithoutCsrf() {
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + fixture.token(),
            "Content-Type", "application/json");
        assertThat(WebClient.get(url("/api/accounts"), bearer).status()).isEqualTo(200);
        Answer metrics = WebClient.get(url("/metrics"), bearer);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.header("Content-Type")).startsWith("text/plain");
        assertThat(metrics.body()).contains("mtproto_accounts{");
        assertSecurityHeaders(metrics, true);
        Answer post = WebClient.post(url(CHANGE), bearer, "{}");
        assertThat(post.status()).isEqualTo(200);
        assertThat(post.body()).contains("\"signedOut\":false");
        Answer badJson = WebClient.post(url(CHANGE), Map.of("Authorization", "Bearer " + fixture.token(),
            "Content-Type", "application/json", "Origin", "http://evil.example"), "{}");
        assertThat(badJson.status()).as("a foreign Origin even with the bearer").isEqualTo(403);
    }

    @Test
    void staticFilesAndErrorsCarryTheHeadersToo() {
        Answer js = WebClient.get(url("/static/console.js"), Map.of());
        assertThat(js.status()).isEqualTo(200);
        assertThat(js.header("Content-Type")).startsWith("text/javascript");
        assertThat(js.body()).contains("X-CSRF-Token");
        assertSecurityHeaders(js, false);
        Answer uplot = WebClient.get(url("/static/uplot/uPlot.iife.min.js"), Map.of());
        assertThat(uplot.status()).isEqualTo(200);
        assertThat(uplot.body()).contains("uPlot");
        assertSecurityHeaders(uplot, false);
        Answer missing = WebClient.get(url("/static/nope.js"), Map.of());
        assertThat(missing.status()).isEqualTo(404);
        assertSecurityHeaders(missing, false);
        Answer traversal = WebClient.get(url("/static/../pages/layout.html"), Map.of());
        assertThat(traversal.status()).isIn(400, 404);
        Answer unknown = WebClient.get(url("/api/nothing"), Map.of());
        assertThat(unknown.status()).isEqualTo(404);
        assertSecurityHeaders(unknown, true);
    }

    @Test
    void openMetricsNeedsNoToken() {
        try (ConsoleFixture open = ConsoleFixture.start(false, b -> b.openMetrics(true))) {
            Answer a = WebClient.get(open.base() + "/metrics", Map.of());
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.body()).contains("mtproto_accounts{");
            assertThat(WebClient.get(open.base() + "/api/accounts", Map.of()).status()).isEqualTo(401);
        }
    }
}
