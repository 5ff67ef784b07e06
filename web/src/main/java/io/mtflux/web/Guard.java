package io.mtflux.web;

import io.mtflux.core.crypto.RandomSource;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.QueryStringEncoder;
import io.netty.handler.codec.http.cookie.Cookie;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Every route goes through the guard: the access token (given once in the URL, then kept in an HttpOnly
 * SameSite=Strict cookie), CSRF on every POST, a same-origin check, and the security headers on every answer.
 * Secrets (the token, codes, passwords, phone_code_hash) never reach a log line.
 *
 * <p>The cookie does not hold the token: it holds a random session id the guard maps to the session's CSRF token
 * (a synchronizer token). Programs send {@code Authorization: Bearer TOKEN} instead; no cookie is involved then,
 * so no CSRF token is needed.
 */
final class Guard {
    private static final Logger LOG = LoggerFactory.getLogger(Guard.class);

    /** The session cookie's name. */
    static final String COOKIE = "mtflux_console";
    /** The CSRF header. */
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** The CSRF form field. */
    static final String CSRF_FIELD = "_csrf";
    /** The content security policy of every answer: nothing inline, nothing from elsewhere. */
    static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
    /** Sessions idle longer than this are dropped. */
    static final Duration SESSION_IDLE = Duration.ofHours(12);
    /** At most this many browser sessions; the least recently used goes first. */
    static final int MAX_SESSIONS = 1_000;

    /** A route handler, as Reactor Netty takes it. */
    interface Handler extends BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {
    }

    /** One browser session: its CSRF token and when it was last used. */
    private static final class Session {
        final String csrf;
        volatile long lastUsed;

        Session(String csrf, long now) {
            this.csrf = csrf;
            this.lastUsed = now;
        }
    }

    private final ConsoleOptions options;
    /** The application's CSRF tokens when it decides the access (its checks ran before the console's); else null. */
    private final java.util.function.Function<HttpServerRequest, String> external;
    private final String cookiePath;
    private final byte[] tokenDigest;
    private final RandomSource random = RandomSource.secure();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    Guard(ConsoleOptions options) {
        this.options = options;
        this.external = options.externalAccess().orElse(null);
        this.cookiePath = options.basePath().isEmpty() ? "/" : options.basePath();
        this.tokenDigest = digest(options.token());
        random.nextBytes(new byte[1]);
    }

    /**
     * A page (GET): a valid {@code ?token=} sets the cookie and redirects to the same path without it; a valid
     * cookie runs the handler; anything else gets a 401 page.
     *
     * @param handler the page
     * @return the guarded handler
     */
    Handler page(Handler handler) {
        return (request, response) -> {
            headers(response, true);
            if (external != null) {
                return run(handler, request, response, false);
            }
            QueryStringDecoder query = new QueryStringDecoder(request.uri());
            List<String> token = query.parameters().get("token");
            if (token != null) {
                if (token.size() != 1 || !tokenMatches(token.get(0))) {
                    return unauthorizedPage(response, "The link's access token is not this console's.");
                }
                String id = newSession();
                response.header(HttpHeaderNames.SET_COOKIE, COOKIE + "=" + id + "; Path=" + cookiePath
                    + "; HttpOnly; SameSite=Strict");
                return response.status(HttpResponseStatus.SEE_OTHER)
                    .header(HttpHeaderNames.LOCATION, withoutToken(query))
                    .header(HttpHeaderNames.CONTENT_LENGTH, "0")
                    .send();
            }
            if (session(request) == null) {
                return unauthorizedPage(response, "Open the console with the link it printed (the one with "
                    + "?token=), or ask whoever runs it.");
            }
            return run(handler, request, response, false);
        };
    }

    /**
     * A read of the API or an event stream (GET): the cookie or {@code Authorization: Bearer TOKEN}; else 401 JSON.
     *
     * @param handler the read
     * @return the guarded handler
     */
    Handler read(Handler handler) {
        return (request, response) -> {
            headers(response, true);
            if (external == null && !bearer(request) && session(request) == null) {
                return unauthorized(response);
            }
            return run(handler, request, response, true);
        };
    }

    /**
     * A read only the bearer token opens (no cookie): for scrapers like Prometheus, or anyone when {@code open}.
     *
     * @param open true to let every request through
     * @param handler the read
     * @return the guarded handler
     */
    Handler scrape(boolean open, Handler handler) {
        return (request, response) -> {
            headers(response, true);
            if (!open && external == null && !bearer(request) && session(request) == null) {
                return unauthorized(response);
            }
            return run(handler, request, response, true);
        };
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
        return (request, response) -> {
            headers(response, true);
            boolean bearer = external != null || bearer(request);
            Session session = bearer ? null : session(request);
            if (!bearer && session == null) {
                return unauthorized(response);
            }
            String origin = request.requestHeaders().get(HttpHeaderNames.ORIGIN);
            if (origin != null && !origin.equals(ownOrigin(request))) {
                LOG.warn("refused a POST {} from another origin", request.path());
                return Http.error(response, HttpResponseStatus.FORBIDDEN, "ORIGIN_FORBIDDEN",
                    "a change must come from the console's own pages", Map.of());
            }
            if (bearer) {
                return run(handler, request, response, true);
            }
            String header = request.requestHeaders().get(CSRF_HEADER);
            if (header != null) {
                return csrfMatches(session, header) ? run(handler, request, response, true) : csrfInvalid(response);
            }
            String type = request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
            if (type == null || !type.toLowerCase(java.util.Locale.ROOT)
                .startsWith("application/x-www-form-urlencoded")) {
                return csrfInvalid(response);
            }
            return Http.body(request).flatMap(body -> {
                List<String> field = new QueryStringDecoder(body, StandardCharsets.UTF_8, false).parameters()
                    .get(CSRF_FIELD);
                if (field == null || field.size() != 1 || !csrfMatches(session, field.get(0))) {
                    return csrfInvalid(response);
                }
                Http.remember(request, body);
                return Mono.from(run(handler, request, response, true))
                    .doFinally(s -> Http.forget(request));
            }).onErrorResume(HttpError.class, e -> Http.error(response, e));
        };
    }

    /**
     * A static asset: no token needed (assets hold no secrets); the security headers, cacheable.
     *
     * @param handler the asset
     * @return the guarded handler
     */
    Handler asset(Handler handler) {
        return (request, response) -> {
            headers(response, false);
            return run(handler, request, response, false);
        };
    }

    /**
     * The answer for a path no part serves: 404, JSON under {@code /api/}, else a small page.
     *
     * @return the handler
     */
    Handler notFound() {
        return (request, response) -> {
            headers(response, true);
            String path = relative(request);
            if (path.startsWith("api/") || path.equals("api")) {
                return Http.error(response, HttpResponseStatus.NOT_FOUND, "NOT_FOUND", "no such endpoint", Map.of());
            }
            return smallPage(options.basePath(), response, HttpResponseStatus.NOT_FOUND, "Not found",
                "There is no such page here.");
        };
    }

    /**
     * The CSRF token a page embeds for its forms (a {@code <meta name="csrf-token">}); the same for one browser
     * session.
     *
     * @param request a request that passed {@link #page}
     * @return the token (empty for a request without a session)
     */
    String csrfToken(HttpServerRequest request) {
        if (external != null) {
            String token = external.apply(request);
            return token == null ? "" : token;
        }
        Session s = session(request);
        return s == null ? "" : s.csrf;
    }

    /**
     * Ends the request's browser session (its cookie and CSRF token stop working) and tells the browser to drop the
     * cookie.
     *
     * @param request a request that passed {@link #change}
     * @param response its response
     * @return true when there was a session
     */
    boolean endSession(HttpServerRequest request, HttpServerResponse response) {
        if (external != null) {
            return false;
        }
        boolean ended = false;
        Set<Cookie> cookies = request.cookies().get(COOKIE);
        if (cookies != null) {
            for (Cookie c : cookies) {
                ended |= sessions.remove(c.value()) != null;
            }
        }
        response.header(HttpHeaderNames.SET_COOKIE, COOKIE + "=; Path=" + cookiePath
            + "; HttpOnly; SameSite=Strict; Max-Age=0");
        return ended;
    }

    /** Runs a handler; a failure becomes the error JSON (API) or a small page, never a stack trace. */
    private Publisher<Void> run(Handler handler, HttpServerRequest request, HttpServerResponse response,
                                boolean api) {
        Publisher<Void> p;
        try {
            p = handler.apply(request, response);
        } catch (RuntimeException e) {
            p = Mono.error(e);
        }
        return Mono.from(p).onErrorResume(e -> {
            if (response.hasSentHeaders()) {
                return Mono.error(e);
            }
            if (e instanceof HttpError h) {
                return Http.error(response, h);
            }
            LOG.error("{} {} failed: {}", request.method(), request.path(), e.toString());
            return api || !HttpMethod.GET.equals(request.method())
                ? Http.error(response, HttpResponseStatus.INTERNAL_SERVER_ERROR, "INTERNAL",
                    "the console failed to answer; its log says why", Map.of())
                : smallPage(options.basePath(), response, HttpResponseStatus.INTERNAL_SERVER_ERROR, "Error",
                    "The console failed to answer; its log says why.");
        });
    }

    /** The security headers of every answer. */
    static void headers(HttpServerResponse response, boolean noStore) {
        response.header("Content-Security-Policy", CSP)
            .header("X-Content-Type-Options", "nosniff")
            .header("X-Frame-Options", "DENY")
            .header("Referrer-Policy", "no-referrer")
            .header("Cross-Origin-Opener-Policy", "same-origin")
            .header("Cross-Origin-Resource-Policy", "same-origin")
            .header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
        response.header(HttpHeaderNames.CACHE_CONTROL, noStore ? "no-store" : "public, max-age=300");
    }

    private Mono<Void> unauthorized(HttpServerResponse response) {
        return Http.error(response, HttpResponseStatus.UNAUTHORIZED, "UNAUTHORIZED",
            "this needs the console's access token (Authorization: Bearer, or the cookie of its link)", Map.of());
    }

    private static Mono<Void> csrfInvalid(HttpServerResponse response) {
        return Http.error(response, HttpResponseStatus.FORBIDDEN, "CSRF_TOKEN_INVALID",
            "the request's CSRF token (header X-CSRF-Token) is missing or not this session's", Map.of());
    }

    private Mono<Void> unauthorizedPage(HttpServerResponse response, String text) {
        return smallPage(options.basePath(), response, HttpResponseStatus.UNAUTHORIZED, "Access token needed", text);
    }

    /** The path of {@code request} under the console's base path, without the leading {@code /}. */
    String relative(HttpServerRequest request) {
        String path = request.path();
        String base = options.basePath();
        if (base.isEmpty()) {
            return path;
        }
        String prefix = base.substring(1);
        if (path.equals(prefix)) {
            return "";
        }
        return path.startsWith(prefix + "/") ? path.substring(prefix.length() + 1) : path;
    }

    static Mono<Void> smallPage(String base, HttpServerResponse response, HttpResponseStatus status, String title,
                                String text) {
        String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Http.html(title)
            + " - mtflux console</title><link rel=\"stylesheet\" href=\"" + base
            + "/static/console.css\"></head>"
            + "<body><main class=\"narrow\"><h1>" + Http.html(title) + "</h1><p>" + Http.html(text)
            + "</p></main></body></html>\n";
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        return response.status(status)
            .header(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
            .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(bytes.length))
            .sendByteArray(Mono.just(bytes)).then();
    }

    /** The token of {@code Authorization: Bearer}, checked in constant time. */
    private boolean bearer(HttpServerRequest request) {
        String auth = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
        if (auth == null || auth.length() < 7 || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return tokenMatches(auth.substring(7).trim());
    }

    /** Compares digests, so neither the content nor the length of the token shows in the time taken. */
    boolean tokenMatches(String candidate) {
        return MessageDigest.isEqual(tokenDigest, digest(candidate));
    }

    private static boolean csrfMatches(Session session, String candidate) {
        return MessageDigest.isEqual(digest(session.csrf), digest(candidate));
    }

    private Session session(HttpServerRequest request) {
        Map<CharSequence, Set<Cookie>> all = request.cookies();
        Set<Cookie> cookies = all.get(COOKIE);
        if (cookies == null) {
            return null;
        }
        long now = System.nanoTime();
        for (Cookie c : cookies) {
            Session s = sessions.get(c.value());
            if (s != null) {
                if (now - s.lastUsed > SESSION_IDLE.toNanos()) {
                    sessions.remove(c.value(), s);
                    continue;
                }
                s.lastUsed = now;
                return s;
            }
        }
        return null;
    }

    private String newSession() {
        long now = System.nanoTime();
        if (sessions.size() >= MAX_SESSIONS) {
            evict(now);
        }
        String id = randomId();
        sessions.put(id, new Session(randomId(), now));
        LOG.info("a browser opened the console with the access link: new session ({} open)", sessions.size());
        return id;
    }

    private void evict(long now) {
        String oldest = null;
        long oldestUse = Long.MAX_VALUE;
        for (Iterator<Map.Entry<String, Session>> it = sessions.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Session> e = it.next();
            long used = e.getValue().lastUsed;
            if (now - used > SESSION_IDLE.toNanos()) {
                it.remove();
            } else if (used < oldestUse) {
                oldestUse = used;
                oldest = e.getKey();
            }
        }
        if (sessions.size() >= MAX_SESSIONS && oldest != null) {
            sessions.remove(oldest);
        }
    }

    private String randomId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The request's URL without the {@code token} parameter (other parameters kept), as a path. */
    private static String withoutToken(QueryStringDecoder query) {
        QueryStringEncoder out = new QueryStringEncoder(query.path().isEmpty() ? "/" : query.path());
        query.parameters().forEach((name, values) -> {
            if (!name.equals("token")) {
                values.forEach(v -> out.addParam(name, v));
            }
        });
        return out.toString();
    }

    /** The console's own origin as the browser sees it: the scheme and the Host it asked for. */
    private static String ownOrigin(HttpServerRequest request) {
        String host = request.requestHeaders().get(HttpHeaderNames.HOST);
        return request.scheme() + "://" + (host == null ? request.hostAddress().getHostString() : host);
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    @Override
    public String toString() {
        return "Guard{token=<hidden>, sessions=" + sessions.size() + ", options=" + options + "}";
    }
}
