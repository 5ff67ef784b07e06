package io.mtflux.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A program's view of a console (the samples' tests): the first line of the process read into its base URL and
 * token, then requests with {@code Authorization: Bearer TOKEN} and JSON bodies, as the REST contract says.
 */
final class ConsoleHttp {
    /** The first line of the console CLI and of {@code mtflux-demo.jar --web}. */
    static final Pattern FIRST_LINE = Pattern.compile(
        "console: (http://127\\.0\\.0\\.1:(\\d+))/\\?token=([A-Za-z0-9_-]{16,})");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    /**
     * One answer.
     *
     * @param status the HTTP status
     * @param text the body as text
     * @param headers the headers
     */
    record Answer(int status, String text, HttpHeaders headers) {
        JsonNode json() {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + text, e);
            }
        }
    }

    final String base;
    final String token;
    final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER).build();

    private ConsoleHttp(String base, int port, String token) {
        this.base = base;
        this.port = port;
        this.token = token;
    }

    /** The console of {@code p}, from its first stdout line (waited for). */
    static ConsoleHttp of(CliProcess p) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (p.lines.isEmpty() && p.process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(p.lines).as("the first line of %s; stderr:%n%s", p.name, p.stderr()).isNotEmpty();
        String first = p.lines.get(0).raw();
        Matcher m = FIRST_LINE.matcher(first);
        assertThat(m.matches()).as("first line %s", first).isTrue();
        return new ConsoleHttp(m.group(1), Integer.parseInt(m.group(2)), m.group(3));
    }

    /** A POST of {@code json} to {@code path} with the bearer token. */
    Answer post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A GET of {@code path} with the bearer token. */
    Answer get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
            .GET());
    }

    /** A GET of {@code path} with no token (and any headers given as name, value pairs). */
    Answer bare(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b);
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), r.headers());
    }
}
