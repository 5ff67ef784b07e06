package io.mtflux.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mtflux.testservers.PrometheusServer;
import io.mtflux.web.WebClient.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus scrapes the console (with the bearer token, every second) while accounts log in and call RPCs:
 * every PromQL expression of the Grafana dashboard returns data through Prometheus's HTTP API, and
 * {@code promtool check metrics} passes on {@code /metrics}.
 */
class PrometheusScrapeTest {
    static final Path GRAFANA = Path.of("grafana", "mtflux-dashboard.json");

    /** Every {@code expr} of the dashboard's panels, by panel title. */
    static Map<String, String> expressions() throws Exception {
        JsonNode dashboard = Http.JSON.readTree(Files.readString(GRAFANA));
        assertThat(dashboard.path("templating").path("list").get(0).path("type").asText()).isEqualTo("datasource");
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
            for (JsonNode target : panel.path("targets")) {
                out.put(panel.path("title").asText() + " / " + target.path("refId").asText(),
                    target.path("expr").asText());
            }
        }
        return out;
    }

    @Test
    void prometheusScrapesTheConsoleAndEveryGrafanaExpressionHasData() throws Exception {
        Map<String, String> expressions = expressions();
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(8);
        try (ConsoleFixture f = ConsoleFixture.start(true, b -> b)) {
            f.startTraffic();
            f.injectErrors();
            f.forceReconnect();
            f.resumableLogin();

            Answer metrics = WebClient.get(f.base() + "/metrics", Map.of("Authorization", "Bearer " + f.token()));
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.body()).contains("mtproto_rpc_seconds_bucket{").contains("mtproto_rpc_errors_total{")
                .contains("mtproto_login_funnel_total{").contains("mtproto_reconnects_total{");
            PrometheusServer.CheckResult check = PrometheusServer.promtoolCheckMetrics(metrics.body());
            assertThat(check.exitCode()).as("promtool check metrics: %s", check.output()).isZero();

            String target = f.console.address().getAddress().getHostAddress() + ":" + f.console.address().getPort();
            try (PrometheusServer prometheus = PrometheusServer.start(target, "/metrics", f.token())) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                List<String> missing = new ArrayList<>(expressions.keySet());
                Map<String, JsonNode> results = new LinkedHashMap<>();
                while (!missing.isEmpty() && System.nanoTime() < deadline) {
                    for (String name : List.copyOf(missing)) {
                        String promql = expressions.get(name).replace("$__rate_interval", "30s");
                        JsonNode result = prometheus.query(promql);
                        if (hasData(result)) {
                            results.put(name, result);
                            missing.remove(name);
                        }
                    }
                    if (!missing.isEmpty()) {
                        Thread.sleep(1000);
                    }
                }
                assertThat(missing).as("expressions without data; targets %s; results %s", prometheus.targets(),
                    results).isEmpty();
                JsonNode up = prometheus.query("up{job=\"mtflux\"}");
                assertThat(up.get(0).path("value").get(1).asText()).isEqualTo("1");
                assertThat(results.get("RPC calls / s / A").get(0).path("value").get(1).asDouble()).isPositive();
                assertThat(results.get("Accounts by state / A").toString()).contains("AUTHORIZED");
                assertThat(results.get("RPC errors / s by type / A").toString()).contains("USER_ID_INVALID");
                assertThat(results.get("Login failures (total) by error / A").toString())
                    .contains("PHONE_CODE_INVALID");
            }
        }
    }

    /** A non-empty vector with at least one finite value. */
    static boolean hasData(JsonNode result) {
        for (JsonNode series : result) {
            String v = series.path("value").get(1).asText();
            if (!v.equals("NaN") && !v.contains("Inf")) {
                return true;
            }
        }
        return false;
    }
}
