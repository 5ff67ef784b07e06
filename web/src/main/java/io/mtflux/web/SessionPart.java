package io.mtflux.web;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * {@code POST /api/console/sign-out}: ends the browser's console session (the header's "Sign out" form, or
 * {@code mtflux.post}); the access link works again for a new one. A JSON call gets {@code {"signedOut":bool}},
 * the form a small page.
 */
final class SessionPart implements ConsolePart {
    @Override
    public void register(HttpServerRoutes routes, ConsoleContext context) {
        routes.post(context.path("/api/console/sign-out"), context.guard().change((request, response) -> {
            boolean ended = context.guard().endSession(request, response);
            String type = request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
            if (type != null && type.startsWith("application/x-www-form-urlencoded")) {
                return Guard.smallPage(context.options().basePath(), response, HttpResponseStatus.OK, "Signed out",
                    "This browser's console session has ended. Open the console's access link to come back.");
            }
            return Http.json(response, HttpResponseStatus.OK, Map.of("signedOut", ended));
        }));
    }
}
