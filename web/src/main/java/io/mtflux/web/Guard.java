package io.mtflux.web;

import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Every route goes through the guard: the access token (given once in the URL, then kept in an HttpOnly
 * SameSite=Strict cookie), CSRF on every POST, a same-origin check, and the security headers on every answer.
 * Secrets (the token, codes, passwords, phone_code_hash) never reach a log line.
 */
final class Guard {

    /** A route handler, as Reactor Netty takes it. */
    interface Handler extends BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {
    }

    private final ConsoleOptions options;

    Guard(ConsoleOptions options) {
        this.options = options;
    }

    /**
     * A page (GET): a valid {@code ?token=} sets the cookie and redirects to the same path without it; a valid
     * cookie runs the handler; anything else gets a 401 page.
     *
     * @param handler the page
     * @return the guarded handler
     */
    Handler page(Handler handler) {
        throw new UnsupportedOperationException("webbase skeleton: implemented on branch webops");
    }

    /**
     * A read of the API or an event stream (GET): the cookie or {@code Authorization: Bearer TOKEN}; else 401 JSON.
     *
     * @param handler the read
     * @return the guarded handler
     */
    Handler read(Handler handler) {
        throw new UnsupportedOperationException("webbase skeleton: implemented on branch webops");
    }

    /**
     * A change (POST): what {@link #read} checks, plus the CSRF token (header {@code X-CSRF-Token}, or the form
     * field {@code _csrf}) matching the session's, and an {@code Origin} (when sent) equal to the console's; else
     * 401 or 403 JSON.
     *
     * @param handler the change
     * @return the guarded handler
     */
    Handler change(Handler handler) {
        throw new UnsupportedOperationException("webbase skeleton: implemented on branch webops");
    }

    /**
     * The CSRF token a page embeds for its forms (a {@code <meta name="csrf-token">}); the same for one browser
     * session.
     *
     * @param request a request that passed {@link #page}
     * @return the token
     */
    String csrfToken(HttpServerRequest request) {
        throw new UnsupportedOperationException("webbase skeleton: implemented on branch webops");
    }
}
