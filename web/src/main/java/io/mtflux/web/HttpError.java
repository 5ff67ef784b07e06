package io.mtflux.web;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import java.util.Objects;

/**
 * An answer a handler gives by failing: the guard turns it into the error JSON
 * {@code {"error":NAME,"message":...,...extra}} with its status. The message is shown to the client: it never
 * carries a secret.
 */
final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient HttpResponseStatus status;
    private final String name;
    private final transient Map<String, Object> extra;

    HttpError(HttpResponseStatus status, String name, String message) {
        this(status, name, message, Map.of());
    }

    HttpError(HttpResponseStatus status, String name, String message, Map<String, Object> extra) {
        super(message, null, false, false);
        this.status = Objects.requireNonNull(status, "status");
        this.name = Objects.requireNonNull(name, "name");
        this.extra = Map.copyOf(extra);
    }

    static HttpError badRequest(String message) {
        return new HttpError(HttpResponseStatus.BAD_REQUEST, "BAD_REQUEST", message);
    }

    HttpResponseStatus status() {
        return status;
    }

    String name() {
        return name;
    }

    Map<String, Object> extra() {
        return extra;
    }
}
