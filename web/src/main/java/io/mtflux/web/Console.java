package io.mtflux.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The web console of an {@link io.mtflux.accounts.AccountManager}: login pages and a resumable login REST API per
 * account, the accounts page, a live dashboard, and {@code /metrics} for Prometheus, on Reactor Netty's HTTP
 * server.
 *
 * <pre>{@code
 * Console console = Console.start(ConsoleOptions.builder(accounts).port(8080).build()).block();
 * System.out.println("console: " + console.accessUrl());   // the token: print it once
 * ...
 * console.close().block();
 * }</pre>
 */
public final class Console {
    private final ConsoleOptions options;
    private final DisposableServer server;

    private Console(ConsoleOptions options, DisposableServer server) {
        this.options = options;
        this.server = server;
    }

    /**
     * Starts a console.
     *
     * @param options where and how
     * @return the console once it listens; fails when the address cannot be bound
     */
    public static Mono<Console> start(ConsoleOptions options) {
        Objects.requireNonNull(options, "options");
        return Mono.defer(() -> {
            MeterRegistry registry = options.meterRegistry()
                .or(() -> java.util.Optional.ofNullable(options.accounts().resources().meterRegistry()))
                .orElseGet(SimpleMeterRegistry::new);
            ConsoleContext context = new ConsoleContext(options, options.accounts(), registry, new Guard(options),
                Http.JSON);
            List<ConsolePart> parts = parts();
            return HttpServer.create()
                .host(options.host())
                .port(options.port())
                .route(routes -> {
                    parts.forEach(p -> p.register(routes, context));
                    routes.route(request -> true, context.guard().notFound());
                })
                .bind()
                .map(server -> new Console(options, server));
        });
    }

    /** The parts, in the order their routes are tried. */
    private static List<ConsolePart> parts() {
        return List.of(new StaticPart(), new LoginRoutes(), new LoginPages());
    }

    /** @return the address it listens on */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.address();
    }

    /** @return the console's base URL, without the token */
    public URI url() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + a.getPort() + "/");
    }

    /**
     * The URL a browser opens first: the base URL with {@code ?token=}. It carries the access token: print it once
     * to whom may use the console, never into a log.
     *
     * @return the URL with the token
     */
    public String accessUrl() {
        return url() + "?token=" + options.token();
    }

    /** @return the options it runs with */
    public ConsoleOptions options() {
        return options;
    }

    /**
     * Stops listening and closes open connections; the accounts stay as they are (the caller owns them).
     *
     * @return completes when the server is closed
     */
    public Mono<Void> close() {
        return Mono.fromRunnable(server::disposeNow).then();
    }
}
