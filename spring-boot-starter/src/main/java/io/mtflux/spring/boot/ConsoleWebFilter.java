package io.mtflux.spring.boot;

import io.mtflux.web.ConsoleHandler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Serves the web console's routes (mtflux-web's {@link ConsoleHandler}) inside the application's WebFlux server:
 * a request under the console's path goes to the console, any other down the application's chain. It runs after
 * Spring Security's filters (which have a lower order), so the application's security sees every console request
 * first. The console answers on the Reactor Netty request and response underneath Spring's: Spring's response is
 * completed first (what its filters added, such as a session cookie or security headers, is applied, nothing is
 * sent), then the console writes its answer.
 *
 * <p>With {@code mtflux.console.security=spring}, a page's CSRF token is Spring Security's (the exchange's
 * {@code CsrfToken} attribute), which the console's scripts send as {@code X-CSRF-Token}.
 */
final class ConsoleWebFilter implements WebFilter, Ordered {
    /** The name of Spring Security's exchange attribute holding a {@code Mono<CsrfToken>}. */
    static final String CSRF_ATTRIBUTE = "org.springframework.security.web.server.csrf.CsrfToken";

    private final ConsoleHandler handler;
    /** Spring Security's CSRF token of each page request under way (mode spring). */
    private final Map<HttpServerRequest, String> csrfTokens;

    ConsoleWebFilter(ConsoleHandler handler, Map<HttpServerRequest, String> csrfTokens) {
        this.handler = handler;
        this.csrfTokens = csrfTokens;
    }

    /** A map for {@link #csrfTokens}, given to the console's options as what reads it. */
    static Map<HttpServerRequest, String> tokens() {
        return new ConcurrentHashMap<>();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (!handler.serves(path)) {
            return chain.filter(exchange);
        }
        Object request = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        Object response = ServerHttpResponseDecorator.getNativeResponse(exchange.getResponse());
        if (!(request instanceof HttpServerRequest nettyRequest)
            || !(response instanceof HttpServerResponse nettyResponse)) {
            return Mono.error(new IllegalStateException("the mtflux console needs Reactor Netty as the WebFlux"
                + " server (spring-boot-starter-webflux's default), not " + request.getClass().getName()));
        }
        Mono<String> csrf = csrfToken(exchange);
        return csrf.defaultIfEmpty("")
            .flatMap(token -> {
                if (!token.isEmpty()) {
                    csrfTokens.put(nettyRequest, token);
                }
                return exchange.getResponse().setComplete()
                    .then(Mono.defer(() -> Mono.from(handler.apply(nettyRequest, nettyResponse))))
                    .doFinally(s -> csrfTokens.remove(nettyRequest));
            });
    }

    /** Spring Security's CSRF token for a page (a GET), when the exchange has one; else empty. */
    private Mono<String> csrfToken(ServerWebExchange exchange) {
        if (handler.options().externalAccess().isEmpty() || exchange.getRequest().getMethod() != HttpMethod.GET) {
            return Mono.empty();
        }
        Object attribute = exchange.getAttribute(CSRF_ATTRIBUTE);
        if (!(attribute instanceof Mono<?> token)) {
            return Mono.empty();
        }
        return token.map(ConsoleWebFilter::tokenValue);
    }

    /** {@code CsrfToken.getToken()}, without a compile-time dependency on Spring Security. */
    private static String tokenValue(Object csrfToken) {
        try {
            Class<?> type = Class.forName(CSRF_ATTRIBUTE, false, csrfToken.getClass().getClassLoader());
            Object value = type.getMethod("getToken").invoke(csrfToken);
            return value == null ? "" : value.toString();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read Spring Security's CSRF token: " + e.getClass().getName());
        }
    }

    /** After Spring Security's filter chain ({@code -100}) and Spring Boot's other early filters. */
    @Override
    public int getOrder() {
        return 0;
    }

    @Override
    public String toString() {
        return "ConsoleWebFilter{" + handler.options().basePath() + "}";
    }
}
