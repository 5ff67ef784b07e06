package io.mtflux.web;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/** Real HTTP calls to a console (Reactor Netty's client; no redirects followed, no cookie jar). */
final class WebClient {
    /** One answer. */
    record Answer(int status, HttpHeaders headers, String body) {
        String header(String name) {
            return headers.get(name);
        }
    }

    private WebClient() {
    }

    static Answer get(String url, Map<String, String> headers) {
        return call(HttpMethod.GET, url, headers, null);
    }

    static Answer post(String url, Map<String, String> headers, String body) {
        return call(HttpMethod.POST, url, headers, body);
    }

    static Answer call(HttpMethod method, String url, Map<String, String> headers, String body) {
        HttpClient client = HttpClient.create().responseTimeout(Duration.ofSeconds(20))
            .headers(h -> headers.forEach(h::set));
        HttpClient.ResponseReceiver<?> receiver = body == null ? client.request(method).uri(url)
            : client.request(method).uri(url).send(ByteBufFlux.fromString(Mono.just(body), StandardCharsets.UTF_8,
                io.netty.buffer.ByteBufAllocator.DEFAULT));
        return receiver.responseSingle((r, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
            .map(text -> new Answer(r.status().code(), r.responseHeaders(), text))).block(Duration.ofSeconds(30));
    }
}
