package io.mtflux.web;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The static assets, from the jar: {@code /static/...} from {@code io/mtflux/web/static/}, and uPlot's
 * {@code dist/} files from its webjar under {@code /static/uplot/}. No token needed: they hold no secret.
 */
final class StaticPart implements ConsolePart {
    private static final String ROOT = "io/mtflux/web/static/";
    private static final String UPLOT = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
    private static final Map<String, Optional<byte[]>> CACHE = new ConcurrentHashMap<>();

    @Override
    public void register(HttpServerRoutes routes, ConsoleContext context) {
        String base = context.options().basePath();
        routes.get(context.path("/static/**"), context.guard().asset((request, response) -> {
            String path = context.guard().relative(request).substring("static/".length());
            if (path.isEmpty() || path.contains("..") || path.contains("//") || path.contains("\\")) {
                return Guard.smallPage(base, response, HttpResponseStatus.NOT_FOUND, "Not found", "No such file.");
            }
            String resource = path.startsWith("uplot/") ? UPLOT + path.substring("uplot/".length()) : ROOT + path;
            return read(resource).flatMap(bytes -> bytes.isEmpty()
                ? Guard.smallPage(base, response, HttpResponseStatus.NOT_FOUND, "Not found", "No such file.")
                : response.status(HttpResponseStatus.OK)
                    .header(HttpHeaderNames.CONTENT_TYPE, type(path))
                    .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(bytes.get().length))
                    .sendByteArray(Mono.just(bytes.get())).then());
        }));
    }

    private static Mono<Optional<byte[]>> read(String resource) {
        Optional<byte[]> cached = CACHE.get(resource);
        if (cached != null) {
            return Mono.just(cached);
        }
        return Mono.fromCallable(() -> CACHE.computeIfAbsent(resource, StaticPart::load))
            .subscribeOn(Schedulers.boundedElastic());
    }

    private static Optional<byte[]> load(String resource) {
        try (InputStream in = StaticPart.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    static String type(String path) {
        int dot = path.lastIndexOf('.');
        String ext = dot < 0 ? "" : path.substring(dot + 1);
        return switch (ext) {
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "ico" -> "image/x-icon";
            case "html" -> "text/html; charset=utf-8";
            case "json" -> "application/json";
            default -> "application/octet-stream";
        };
    }

    /** The uPlot version of the webjar on the class path (its pom.properties), 1.6.30 when not found. */
    private static String uplotVersion() {
        try (InputStream in = StaticPart.class.getClassLoader()
            .getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in != null) {
                java.util.Properties p = new java.util.Properties();
                p.load(in);
                return p.getProperty("version", "1.6.30");
            }
        } catch (IOException e) {
            // the default below
        }
        return "1.6.30";
    }
}
