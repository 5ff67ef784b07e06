package io.mtflux.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The console's routes as one Reactor Netty handler, for a server that is not the console's own: an application's
 * HTTP server (a Spring WebFlux application on Reactor Netty hands it the requests under
 * {@link ConsoleOptions#basePath()}), or {@code HttpServer.create().handle(handler)}. {@link Console#start} runs
 * one on a server of its own. A path under the base path that no route serves is answered 404 by the console (the
 * same security headers); a path elsewhere should not be given to it ({@link #serves}).
 *
 * <pre>{@code
 * ConsoleHandler console = ConsoleHandler.create(ConsoleOptions.builder(accounts).basePath("/mtflux").build());
 * HttpServer.create().port(8080).handle((req, res) -> console.serves("/" + req.path())
 *     ? console.apply(req, res) : appHandler.apply(req, res)).bindNow();
 * }</pre>
 */
public final class ConsoleHandler implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {
    private final ConsoleOptions options;
    private final HttpServerRoutes routes;

    private ConsoleHandler(ConsoleOptions options, HttpServerRoutes routes) {
        this.options = options;
        this.routes = routes;
    }

    /**
     * The handler of these options (their host and port are not used: it serves whatever server calls it).
     *
     * @param options the console's options
     * @return the handler
     * @throws IllegalArgumentException when the accounts' registry is neither a Prometheus registry nor a composite
     *     one (see {@link ConsoleMetrics})
     */
    public static ConsoleHandler create(ConsoleOptions options) {
        Objects.requireNonNull(options, "options");
        MeterRegistry registry = Console.registry(options);
        PrometheusMeterRegistry prometheus = ConsoleMetrics.prometheus(registry);
        ConsoleContext context = new ConsoleContext(options, options.accounts(), registry, new Guard(options),
            Http.JSON);
        List<ConsolePart> parts = Console.parts(prometheus);
        HttpServerRoutes routes = HttpServerRoutes.newRoutes();
        parts.forEach(p -> p.register(routes, context));
        routes.route(request -> true, context.guard().notFound());
        return new ConsoleHandler(options, routes);
    }

    /**
     * Whether a path is the console's: its base path or under it (every path when the base path is the root).
     *
     * @param path a request's path, from {@code /}, without the query
     * @return true when the console answers it
     */
    public boolean serves(String path) {
        String base = options.basePath();
        return base.isEmpty() || path.equals(base) || path.startsWith(base + "/");
    }

    /**
     * Answers a request.
     *
     * @param request the request
     * @param response its response
     * @return completes when answered
     */
    @Override
    public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
        return routes.apply(request, response);
    }

    /** {@return the options it serves with} */
    public ConsoleOptions options() {
        return options;
    }

    @Override
    public String toString() {
        return "ConsoleHandler{" + options + "}";
    }
}
