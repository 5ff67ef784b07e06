package io.mtflux.testservers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtflux.testsupport.Apt;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus for the tests (Debian's {@code /usr/bin/prometheus}, package {@code prometheus}, installed with
 * apt-get when missing; the test fails when that fails): started on a free loopback port with a generated config
 * that scrapes one target every second (with a bearer token), its storage in a temp dir; {@link #query} asks its
 * HTTP API. Close it to stop it and delete its files. Also {@link #promtoolCheckMetrics}.
 */
public final class PrometheusServer implements AutoCloseable {
    /** The server binary. */
    public static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    /** The tool binary. */
    public static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path dir;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Installs prometheus when missing; fails with a clear message when it cannot. */
    public static void ensureInstalled() {
        Apt.ensure(List.of(PROMETHEUS, PROMTOOL), "prometheus");
    }

    /**
     * Starts Prometheus scraping {@code http://target/metricsPath} every second and waits until it is ready.
     *
     * @param target host:port of the target
     * @param metricsPath the target's metrics path, e.g. {@code /metrics}
     * @param bearerToken the scrape's bearer token, or null for none
     * @return the running server
     */
    public static PrometheusServer start(String target, String metricsPath, String bearerToken) {
        ensureInstalled();
        try {
            Path dir = Files.createTempDirectory("mtflux-prometheus-");
            StringBuilder config = new StringBuilder()
                .append("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n")
                .append("scrape_configs:\n  - job_name: mtflux\n    scrape_interval: 1s\n    scrape_timeout: 900ms\n")
                .append("    metrics_path: ").append(metricsPath).append('\n');
            if (bearerToken != null) {
                Path tokenFile = dir.resolve("token");
                Files.writeString(tokenFile, bearerToken);
                config.append("    authorization:\n      type: Bearer\n      credentials_file: ").append(tokenFile)
                    .append('\n');
            }
            config.append("    static_configs:\n      - targets: ['").append(target).append("']\n");
            Path configFile = dir.resolve("prometheus.yml");
            Files.writeString(configFile, config);
            int port = freePort();
            Process p = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + configFile,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            PrometheusServer server = new PrometheusServer(p, dir, port);
            server.awaitReady(Duration.ofSeconds(60));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("prometheus did not start", e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + ": " + log());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(url("/-/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            sleep(200);
        }
        close();
        throw new IllegalStateException("prometheus was not ready within " + timeout + ": " + log());
    }

    /** @return its base URL */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /**
     * An instant query through the HTTP API ({@code /api/v1/query}).
     *
     * @param promql the expression
     * @return {@code data.result} of the answer (an array of series for a vector)
     * @throws IllegalStateException when the query fails (status not success)
     */
    public JsonNode query(String promql) {
        URI uri = url("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(r.body());
            if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
                throw new IllegalStateException("query " + promql + " failed: " + r.statusCode() + " " + r.body());
            }
            return body.path("data").path("result");
        } catch (IOException e) {
            throw new UncheckedIOException("query " + promql + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * The state of the scrape targets ({@code /api/v1/targets}).
     *
     * @return {@code data.activeTargets}
     */
    public JsonNode targets() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(url("/api/v1/targets"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body()).path("data").path("activeTargets");
        } catch (IOException e) {
            throw new UncheckedIOException("targets failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** What promtool said, and its exit code. */
    public record CheckResult(int exitCode, String output) {
    }

    /**
     * Runs {@code promtool check metrics} on the text (on its stdin).
     *
     * @param text a Prometheus exposition text
     * @return the exit code (0: passed) and output
     */
    public static CheckResult promtoolCheckMetrics(String text) {
        ensureInstalled();
        try {
            Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("promtool check metrics timed out");
            }
            return new CheckResult(p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("promtool failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** @return the server's log so far */
    public String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Chromium.deleteTree(dir);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
