package io.mtflux.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The dashboard: the page {@code /dashboard} (uPlot charts over a rolling window) and its feed
 * {@code GET /api/dashboard/stream}, one {@code event: metrics} per second. One sampler per console runs on a timer
 * while at least one dashboard listens; every listener gets the same samples (the latest at once).
 */
final class DashboardPart implements ConsolePart {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardPart.class);
    /** How often a sample is taken. */
    static final Duration EVERY = Duration.ofSeconds(1);

    @Override
    public void register(HttpServerRoutes routes, ConsoleContext context) {
        DashboardSampler sampler = new DashboardSampler(context.registry());
        AtomicReference<String> latest = new AtomicReference<>();
        Flux<String> samples = Flux.interval(Duration.ZERO, EVERY, Schedulers.parallel())
            .onBackpressureDrop()
            .concatMap(tick -> Mono.fromCallable(() -> json(context, sampler.sample()))
                .onErrorResume(e -> {
                    LOG.warn("a dashboard sample failed: {}", e.toString());
                    return Mono.empty();
                }), 1)
            .doOnNext(latest::set)
            .publish()
            .refCount();

        routes.get(context.path("/dashboard"), context.guard().page((request, response) ->
            Pages.render(context, request, response, "dashboard", "Dashboard", Map.of(
                "window", Integer.toString(300)))));

        routes.get(context.path("/api/dashboard/stream"), context.guard().read((request, response) -> {
            String first = latest.get();
            Flux<String> events = (first == null ? samples : samples.startWith(first))
                .map(data -> "event: metrics\ndata: " + data + "\n\n");
            return response.status(HttpResponseStatus.OK).sse()
                .header("X-Accel-Buffering", "no")
                .sendString(Flux.just(": mtflux dashboard\n\n").concatWith(events));
        }));
    }

    private static String json(ConsoleContext context, Map<String, Object> sample) throws JsonProcessingException {
        return context.json().writeValueAsString(sample);
    }
}
