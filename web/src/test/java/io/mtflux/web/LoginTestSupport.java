package io.mtflux.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtflux.accounts.AccountManager;
import io.mtflux.accounts.AccountManagerOptions;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.ClientResources;
import io.mtflux.core.rpc.Delay;
import io.mtflux.core.rpc.RpcRetry;
import io.mtflux.core.store.SessionStore;
import io.mtflux.testkit.TestCluster;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/** What the login tests share: the client template, a manager and console per test, a Bearer HTTP client. */
final class LoginTestSupport {
    static final int API_ID = 12345;
    static final String API_HASH = "0123456789abcdef0123456789abcdef";
    static final String TOKEN = "login-test-token-0123456789abcdef";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();

    /** Every response header any test's client saw, for the secrets check. */
    static final List<String> RESPONSE_HEADERS = new CopyOnWriteArrayList<>();

    private LoginTestSupport() {
    }

    static ClientOptions template(TestCluster cluster) {
        // flood waits surface at once (threshold 0) so the console answers 429 instead of sleeping
        return ClientOptions.builder().apiId(API_ID).apiHash(API_HASH).dcOptions(cluster.dcOptions(2))
            .retry(RpcRetry.defaults().withFloodWaitThreshold(Duration.ZERO)).maxConnectAttempts(30)
            .reconnectDelay(Delay.exponential(Duration.ofMillis(20), Duration.ofMillis(200)).equalJitter()).build();
    }

    static AccountManager manager(ClientResources resources, TestCluster cluster, SessionStore store) {
        return AccountManager.create(AccountManagerOptions.builder().resources(resources).sessionStore(store)
            .clientTemplate(template(cluster)).build());
    }

    static Console console(AccountManager accounts) {
        return console(ConsoleOptions.builder(accounts).token(TOKEN));
    }

    static Console console(ConsoleOptions.Builder options) {
        return Console.start(options.build()).block(WAIT);
    }

    /** One answer: status, headers and the body as JSON (null when empty or not JSON). */
    record Reply(int status, HttpHeaders headers, String text) {
        JsonNode json() {
            try {
                return text.isEmpty() ? null : JSON.readTree(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String error() {
            JsonNode j = json();
            return j == null ? null : j.path("error").asText(null);
        }

        String step() {
            return json().path("step").asText();
        }
    }

    /** A program's client of one console: Bearer token, no cookie, no CSRF. */
    static final class Api {
        private final HttpClient http;

        Api(Console console, String token) {
            HttpClient base = HttpClient.create().baseUrl(console.url().toString().replaceAll("/$", ""));
            this.http = token == null ? base
                : base.headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token));
        }

        Reply get(String path) {
            return http.get().uri(path).responseSingle((res, body) -> body.asString(StandardCharsets.UTF_8)
                .defaultIfEmpty("").map(text -> reply(res.status().code(), res.responseHeaders(), text)))
                .block(WAIT);
        }

        Reply post(String path, Map<String, ?> body) {
            String json;
            try {
                json = JSON.writeValueAsString(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return http.headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json"))
                .post().uri(path).send(ByteBufFlux.fromString(Mono.just(json)))
                .responseSingle((res, b) -> b.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                    .map(text -> reply(res.status().code(), res.responseHeaders(), text)))
                .block(WAIT);
        }

        /** The QR stream's raw text, up to the first {@code count} events (or its end). */
        HttpClient http() {
            return http;
        }

        private static Reply reply(int status, HttpHeaders headers, String text) {
            headers.forEach(h -> RESPONSE_HEADERS.add(h.getKey() + ": " + h.getValue()));
            return new Reply(status, headers, text);
        }
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
