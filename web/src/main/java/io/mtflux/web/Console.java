package io.mtflux.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
     * @return the console once it listens; fails when the address cannot be bound, or with an
     *     {@link IllegalArgumentException} when the accounts' registry is neither a Prometheus registry nor a
     *     composite one (see {@link ConsoleMetrics})
     */
    public static Mono<Console> start(ConsoleOptions options) {
        Objects.requireNonNull(options, "options");
        return Mono.defer(() -> {
            ConsoleHandler handler = ConsoleHandler.create(options);
            return HttpServer.create()
                .host(options.host())
                .port(options.port())
                .handle(handler)
                .bind()
                .map(server -> new Console(options, server));
        });
    }

    /**
     * The registry the console reads: the options', else the accounts' (their manager's, else their clients'
     * resources').
     */
    static MeterRegistry registry(ConsoleOptions options) {
        return options.meterRegistry()
            .or(() -> options.accounts().options().meterRegistry())
            .or(() -> Optional.ofNullable(options.accounts().resources().meterRegistry()))
            .orElseThrow(() -> new IllegalArgumentException("the console needs the accounts' Micrometer registry "
                + "(a PrometheusMeterRegistry, or a CompositeMeterRegistry): set it in AccountManagerOptions or "
                + "ClientResources, or give ConsoleOptions.meterRegistry(...)"));
    }

    /** The parts, in the order their routes are tried. */
    static List<ConsolePart> parts(PrometheusMeterRegistry prometheus) {
        return List.of(new StaticPart(), new MetricsPart(prometheus), new DashboardPart(), new AccountsPart(),
            new SessionPart(), new LoginRoutes(), new LoginPages());
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
        return URI.create("http://" + host + ":" + a.getPort() + options.basePath() + "/");
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
