package io.mtflux.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The JSON side of the console, shared by its parts: answers, the error JSON, and request bodies read with a size
 * bound.
 */
final class Http {
    /** The largest request body the console reads. */
    static final int MAX_BODY = 16 * 1024;

    /** The one mapper: camelCase fields, instants as ISO-8601 strings, durations in seconds, no nulls dropped. */
    static final ObjectMapper JSON = mapper();

    /** Bodies the guard read already (a form's {@code _csrf}), for the handler's own read. */
    private static final Map<HttpServerRequest, String> READ = new ConcurrentHashMap<>();

    private Http() {
    }

    private static ObjectMapper mapper() {
        SimpleModule time = new SimpleModule("mtflux-console-time");
        time.addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
            private static final long serialVersionUID = 1L;

            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider p) throws IOException {
                gen.writeString(value.toString());
            }
        });
        time.addSerializer(Duration.class, new StdSerializer<>(Duration.class) {
            private static final long serialVersionUID = 1L;

            @Override
            public void serialize(Duration value, JsonGenerator gen, SerializerProvider p) throws IOException {
                gen.writeNumber(value.toSeconds());
            }
        });
        return new ObjectMapper().registerModule(time)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * Sends a JSON answer.
     *
     * @param response the response
     * @param status its status
     * @param body what to write as JSON
     * @return completes when sent
     */
    static Mono<Void> json(HttpServerResponse response, HttpResponseStatus status, Object body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return Mono.error(new IllegalStateException("cannot write the answer as JSON: " + e.getOriginalMessage()));
        }
        return response.status(status)
            .header(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
            .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(bytes.length))
            .sendByteArray(Mono.just(bytes)).then();
    }

    /**
     * Sends the error JSON {@code {"error":name,"message":message,...extra}}.
     *
     * @param response the response
     * @param status its status
     * @param name the error's name (the RPC error's, or ours)
     * @param message what went wrong, for a person; never a secret
     * @param extra more fields (e.g. {@code attemptsLeft}, {@code retryAfter}); may be empty
     * @return completes when sent
     */
    static Mono<Void> error(HttpServerResponse response, HttpResponseStatus status, String name, String message,
                            Map<String, ?> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", name);
        body.put("message", message);
        if (extra != null) {
            extra.forEach(body::putIfAbsent);
            Object retryAfter = extra.get("retryAfter");
            if (retryAfter != null) {
                response.header(HttpHeaderNames.RETRY_AFTER, retryAfter.toString());
            }
        }
        return json(response, status, body);
    }

    /**
     * Sends an {@link HttpError}.
     *
     * @param response the response
     * @param e the error
     * @return completes when sent
     */
    static Mono<Void> error(HttpServerResponse response, HttpError e) {
        return error(response, e.status(), e.name(), e.getMessage(), e.extra());
    }

    /**
     * Reads the request body as text, at most {@link #MAX_BODY} bytes (more: 413 {@code BAD_REQUEST}).
     *
     * @param request the request
     * @return the body, empty text when there is none
     */
    static Mono<String> body(HttpServerRequest request) {
        String read = READ.get(request);
        if (read != null) {
            return Mono.just(read);
        }
        String length = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > MAX_BODY) {
                    return Mono.error(tooLarge());
                }
            } catch (NumberFormatException e) {
                return Mono.error(HttpError.badRequest("bad Content-Length"));
            }
        }
        return request.receive()
            .reduce(new ByteArrayOutputStream(), (out, buf) -> append(out, buf))
            .map(out -> out.toString(StandardCharsets.UTF_8))
            .defaultIfEmpty("");
    }

    private static ByteArrayOutputStream append(ByteArrayOutputStream out, ByteBuf buf) {
        if (out.size() + buf.readableBytes() > MAX_BODY) {
            throw tooLarge();
        }
        byte[] bytes = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), bytes);
        out.write(bytes, 0, bytes.length);
        return out;
    }

    private static HttpError tooLarge() {
        return new HttpError(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "BAD_REQUEST",
            "the request body is larger than " + MAX_BODY + " bytes");
    }

    /**
     * Reads the request body as a JSON object; an empty body reads as {@code {}}.
     *
     * @param request the request
     * @return the object; fails with 400 {@code BAD_REQUEST} when it is not a JSON object
     */
    static Mono<JsonNode> readJson(HttpServerRequest request) {
        return body(request).map(text -> {
            if (text.isBlank()) {
                return JSON.createObjectNode();
            }
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                // the parser's message may quote the body (a code, a password): not shown
                throw HttpError.badRequest("the request body is not valid JSON");
            }
            if (node == null || !node.isObject()) {
                throw HttpError.badRequest("the request body must be a JSON object");
            }
            return node;
        });
    }

    /**
     * Reads the request body as JSON into a type.
     *
     * @param request the request
     * @param type the type (a record or bean with camelCase fields)
     * @param <T> the type
     * @return the value; fails with 400 {@code BAD_REQUEST} when the body does not fit
     */
    static <T> Mono<T> readJson(HttpServerRequest request, Class<T> type) {
        return readJson(request).map(node -> {
            try {
                return JSON.treeToValue(node, type);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw HttpError.badRequest("the request body does not fit: expected " + type.getSimpleName());
            }
        });
    }

    /** Remembers a body the guard read, for the handler. */
    static void remember(HttpServerRequest request, String body) {
        READ.put(request, body);
    }

    /** Forgets it once the handler is done. */
    static void forget(HttpServerRequest request) {
        READ.remove(request);
    }

    /**
     * Escapes text for HTML (element content and quoted attributes).
     *
     * @param text the text, or null (empty)
     * @return the escaped text
     */
    static String html(Object text) {
        if (text == null) {
            return "";
        }
        String s = text.toString();
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
