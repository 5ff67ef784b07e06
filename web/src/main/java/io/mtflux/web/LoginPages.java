package io.mtflux.web;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The pages of one account: {@code /accounts/{id}} (state, DC, user, last error, flood wait),
 * {@code /accounts/{id}/login} (phone, code, password, sign-up), {@code /accounts/{id}/bot} and
 * {@code /accounts/{id}/qr}. Each is a static template from the jar with the account id and the CSRF token filled
 * in; {@code static/login.js} asks {@code GET /api/accounts/{id}} where the login is and shows that step's form, so
 * a reload (or another console on the same store) resumes at the right step.
 */
final class LoginPages implements ConsolePart {
    private static final String ROOT = "/io/mtflux/web/pages/";
    private final Map<String, String> templates = new ConcurrentHashMap<>();

    @Override
    public void register(HttpServerRoutes routes, ConsoleContext ctx) {
        Guard guard = ctx.guard();
        routes.get("/accounts/{id}/login", guard.page((req, res) -> page(ctx, "login.html", req, res)));
        routes.get("/accounts/{id}/bot", guard.page((req, res) -> page(ctx, "bot.html", req, res)));
        routes.get("/accounts/{id}/qr", guard.page((req, res) -> page(ctx, "qr.html", req, res)));
        routes.get("/accounts/{id}", guard.page((req, res) -> page(ctx, "account.html", req, res)));
    }

    private Publisher<Void> page(ConsoleContext ctx, String name, HttpServerRequest req, HttpServerResponse res) {
        String html = templates.computeIfAbsent(name, LoginPages::read)
            .replace("{{accountId}}", escape(req.param("id")))
            .replace("{{csrf}}", escape(ctx.guard().csrfToken(req)));
        return res.header(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
            .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
            .sendString(Mono.just(html));
    }

    private static String read(String name) {
        try (InputStream in = LoginPages.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("the page " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** HTML-escapes text for an element or a double-quoted attribute. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
