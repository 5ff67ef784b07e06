package io.mtflux.transport.mtproxy;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An MTProxy to connect through: its address and secret. Parses {@code tg://proxy?server=..&port=..&secret=..}
 * and {@code https://t.me/proxy?...} links. Immutable; the secret never appears in {@link #toString()}.
 *
 * @param host proxy host
 * @param port proxy port
 * @param secret the classified secret
 */
public record MtProxyConfig(String host, int port, MtProxySecret secret) {

    /**
     * Validates the components.
     *
     * @param host proxy host
     * @param port proxy port
     * @param secret the secret
     */
    public MtProxyConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(secret, "secret");
        if (host.isBlank()) {
            throw new IllegalArgumentException("MTProxy host is empty");
        }
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("MTProxy port out of range: " + port);
        }
    }

    /**
     * Parses a proxy link.
     *
     * @param link {@code tg://proxy?...}, {@code tg:proxy?...} or {@code https://t.me/proxy?...}
     * @return the config
     * @throws IllegalArgumentException for another scheme, a missing parameter or a bad secret
     */
    public static MtProxyConfig parseLink(String link) {
        URI uri;
        try {
            uri = URI.create(link.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a proxy link", null);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        String query;
        if (scheme.equals("tg")) {
            String ssp = uri.getRawSchemeSpecificPart();
            String rest = ssp.startsWith("//") ? ssp.substring(2) : ssp;
            int q = rest.indexOf('?');
            if (q < 0 || !rest.substring(0, q).equalsIgnoreCase("proxy")) {
                throw new IllegalArgumentException("not a tg://proxy link");
            }
            query = rest.substring(q + 1);
        } else if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null
            && (uri.getHost().equalsIgnoreCase("t.me") || uri.getHost().equalsIgnoreCase("telegram.me"))
            && "/proxy".equals(uri.getPath())) {
            query = uri.getRawQuery();
        } else {
            throw new IllegalArgumentException("not a tg://proxy or https://t.me/proxy link");
        }
        Map<String, String> params = parseQuery(query == null ? "" : query);
        String server = require(params, "server");
        int port;
        try {
            port = Integer.parseInt(require(params, "port"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("proxy link port is not a number");
        }
        return new MtProxyConfig(server, port, MtProxySecret.parse(require(params, "secret")));
    }

    private static String require(Map<String, String> params, String name) {
        String v = params.get(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("proxy link lacks '" + name + "'");
        }
        return v;
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> out = new HashMap<>();
        for (String part : query.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                String k = URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8);
                // '+' in base64 secrets must survive: decode only percent-escapes.
                String v = URLDecoder.decode(part.substring(eq + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
                out.putIfAbsent(k, v);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "MtProxyConfig[" + host + ":" + port + ", " + secret + "]";
    }
}
