package io.mtflux.web;

import reactor.netty.http.server.HttpServerRoutes;

/**
 * One part of the console (the login API and pages, the dashboard, the metrics endpoint, ...): registers its
 * routes, each wrapped by the {@link Guard} of the context.
 */
interface ConsolePart {

    /**
     * Registers this part's routes.
     *
     * @param routes the server's routes
     * @param context what every part shares
     */
    void register(HttpServerRoutes routes, ConsoleContext context);
}
