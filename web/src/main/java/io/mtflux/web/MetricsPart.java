package io.mtflux.web;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * {@code GET /metrics}: the Prometheus text format of the registry, behind the bearer token (or the console's
 * cookie) unless {@link ConsoleOptions#openMetrics()}. The scrape runs off the event loop (it walks every meter).
 */
final class MetricsPart implements ConsolePart {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    MetricsPart(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void register(HttpServerRoutes routes, ConsoleContext context) {
        routes.get(context.path("/metrics"), context.guard().scrape(context.options().openMetrics(),
            (request, response) ->
            Mono.fromCallable(() -> registry.scrape().getBytes(StandardCharsets.UTF_8))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(bytes -> response.status(HttpResponseStatus.OK)
                    .header(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE)
                    .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(bytes.length))
                    .sendByteArray(Mono.just(bytes)).then())));
    }
}
