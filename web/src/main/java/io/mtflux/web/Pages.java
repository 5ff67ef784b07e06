package io.mtflux.web;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The console's HTML pages: a template {@code io/mtflux/web/pages/NAME.html} from the jar inside the common layout
 * ({@code layout.html}: the header with the links, the {@code <meta name="csrf-token">}, {@code console.css} and
 * {@code console.js}), its {@code {{name}}} placeholders replaced with HTML-escaped values. Templates are read once
 * (off the event loop) and kept. Pages hold no inline script or style (the policy forbids them): a page's script
 * is a file under {@code /static/} its template links.
 */
final class Pages {
    private static final String ROOT = "io/mtflux/web/pages/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z0-9_.-]+)}}");
    private static final Map<String, String> TEMPLATES = new ConcurrentHashMap<>();

    private Pages() {
    }

    /**
     * Renders a page with status 200.
     *
     * @param context the console
     * @param request the request (its session's CSRF token goes into the page)
     * @param response the response
     * @param name the template's name, without {@code .html}
     * @param title the page's title
     * @param values the template's placeholders (escaped here); unknown placeholders become empty
     * @return completes when sent
     */
    static Mono<Void> render(ConsoleContext context, HttpServerRequest request, HttpServerResponse response,
                             String name, String title, Map<String, ?> values) {
        return Mono.zip(template(name), template("layout")).flatMap(t -> {
            String base = context.options().basePath();
            Map<String, Object> all = new java.util.HashMap<>(values);
            all.put("base", base);
            String content = fill(t.getT1(), all);
            String page = fill(t.getT2(), Map.of("title", title, "csrf", context.guard().csrfToken(request),
                "page", name, "base", base)).replace("<!--content-->", content);
            byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
            return response.status(HttpResponseStatus.OK)
                .header(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(bytes.length))
                .sendByteArray(Mono.just(bytes)).then();
        });
    }

    /** Replaces each {@code {{name}}} with the escaped value (empty when absent). */
    static String fill(String template, Map<String, ?> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 256);
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(Http.html(values.get(m.group(1)))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A template, read from the jar on a worker the first time. */
    static Mono<String> template(String name) {
        String cached = TEMPLATES.get(name);
        if (cached != null) {
            return Mono.just(cached);
        }
        return Mono.fromCallable(() -> TEMPLATES.computeIfAbsent(name, Pages::load))
            .subscribeOn(Schedulers.boundedElastic());
    }

    private static String load(String name) {
        try (InputStream in = Pages.class.getClassLoader().getResourceAsStream(ROOT + name + ".html")) {
            if (in == null) {
                throw new IllegalStateException("no page template " + ROOT + name + ".html in the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the page template " + name, e);
        }
    }
}
