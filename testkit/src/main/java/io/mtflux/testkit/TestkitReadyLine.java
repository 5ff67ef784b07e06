package io.mtflux.testkit;

import io.mtflux.core.client.DcOptions;
import io.mtflux.core.crypto.RsaKeyRing;
import io.mtflux.core.crypto.RsaPem;
import io.mtflux.core.crypto.RsaPublicKey;
import io.mtflux.core.store.DcEndpoint;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The first stdout line of the standalone testkit jar ({@code java -jar mtflux-testkit.jar}), read back into what a
 * Java client needs: {@code ClientOptions.builder().dcOptions(TestkitReadyLine.parse(line).dcOptions())}.
 *
 * <pre>{@code {"dcs":[{"id":1,"host":"127.0.0.1","port":40001},...],"rsa_public_key_pem":"-----BEGIN RSA ...",
 * "rsa_fingerprint":"-4344800451088585951","websocket_path":"/apiws","tls_certificate_pem":"-----BEGIN ..."}}</pre>
 *
 * <p>{@code dcs} (at least one, ids unique and positive, ports 1..65535) and {@code rsa_public_key_pem} (PKCS#1 or
 * X.509 PEM) are required; {@code rsa_fingerprint}, when present, must be the key's MTProto fingerprint as a signed
 * decimal string; {@code websocket_path} and {@code tls_certificate_pem} (a PEM X.509 certificate) are optional;
 * fields not known here are ignored, as the jar's contract asks of readers. Anything else is a
 * {@link MalformedReadyLineException} naming the field. Parsing is pure computation on the string (no I/O).
 */
public final class TestkitReadyLine {
    private final List<DcEndpoint> endpoints;
    private final RsaPublicKey rsaPublicKey;
    private final String webSocketPath;
    private final String tlsCertificatePem;
    private final X509Certificate tlsCertificate;

    private TestkitReadyLine(List<DcEndpoint> endpoints, RsaPublicKey rsaPublicKey, String webSocketPath,
                             String tlsCertificatePem, X509Certificate tlsCertificate) {
        this.endpoints = List.copyOf(endpoints);
        this.rsaPublicKey = rsaPublicKey;
        this.webSocketPath = webSocketPath;
        this.tlsCertificatePem = tlsCertificatePem;
        this.tlsCertificate = tlsCertificate;
    }

    /**
     * Reads the jar's first line.
     *
     * @param line the line (its line terminator may be left on)
     * @return its content
     * @throws MalformedReadyLineException when the line is not JSON, not an object, or a field is missing or wrong
     *     (e.g. an event line such as {@code {"event":"code_sent",...}} has no {@code dcs})
     */
    public static TestkitReadyLine parse(String line) {
        Objects.requireNonNull(line, "line");
        Object json;
        try {
            json = JsonText.parse(line);
        } catch (IllegalArgumentException e) {
            throw new MalformedReadyLineException(null, "not JSON: " + e.getMessage(), e);
        }
        if (!(json instanceof Map<?, ?> fields)) {
            throw new MalformedReadyLineException(null, "not a JSON object", null);
        }
        List<DcEndpoint> endpoints = endpoints(fields.get("dcs"));
        RsaPublicKey key = rsaKey(fields.get("rsa_public_key_pem"));
        Object fingerprint = fields.get("rsa_fingerprint");
        if (fingerprint != null) {
            String printed = string(fingerprint, "rsa_fingerprint");
            if (!printed.equals(Long.toString(key.fingerprint()))) {
                throw new MalformedReadyLineException("rsa_fingerprint",
                    "is not the fingerprint of rsa_public_key_pem", null);
            }
        }
        String path = optionalString(fields.get("websocket_path"), "websocket_path");
        if (path != null && !path.startsWith("/")) {
            throw new MalformedReadyLineException("websocket_path", "must start with '/'", null);
        }
        String pem = optionalString(fields.get("tls_certificate_pem"), "tls_certificate_pem");
        return new TestkitReadyLine(endpoints, key, path, pem, pem == null ? null : certificate(pem));
    }

    /**
     * The options a client needs for this cluster, starting fresh sessions on DC 2 when the line lists it (the
     * jar's default with two DCs or more), else on the first DC listed.
     *
     * @return the endpoints with the cluster's RSA key
     */
    public DcOptions dcOptions() {
        boolean hasTwo = endpoints.stream().anyMatch(e -> e.dcId() == 2);
        return dcOptions(hasTwo ? 2 : endpoints.get(0).dcId());
    }

    /**
     * @param startDc the DC a fresh client session starts on
     * @return the endpoints with the cluster's RSA key
     * @throws IllegalArgumentException when the line lists no DC {@code startDc}
     */
    public DcOptions dcOptions(int startDc) {
        return DcOptions.of(endpoints, RsaKeyRing.of(rsaPublicKey), startDc);
    }

    /** @return the DCs in the order of the line (plain IPv4/host endpoints) */
    public List<DcEndpoint> endpoints() {
        return endpoints;
    }

    /** @return the cluster's RSA public key */
    public RsaPublicKey rsaPublicKey() {
        return rsaPublicKey;
    }

    /** @return the path every DC serves {@code ws://HOST:PORT} on ({@code /apiws}); empty when the line has none */
    public Optional<String> webSocketPath() {
        return Optional.ofNullable(webSocketPath);
    }

    /** @return the PEM certificate of the DCs' {@code wss://} endpoints; empty when they serve no TLS */
    public Optional<String> tlsCertificatePem() {
        return Optional.ofNullable(tlsCertificatePem);
    }

    /** @return {@link #tlsCertificatePem()} read: what a {@code wss://} client trusts */
    public Optional<X509Certificate> tlsCertificate() {
        return Optional.ofNullable(tlsCertificate);
    }

    @Override
    public String toString() {
        return "TestkitReadyLine" + endpoints.stream().map(e -> e.dcId() + "=" + e.host() + ":" + e.port()).toList()
            + " rsa " + rsaPublicKey.fingerprint() + (tlsCertificate == null ? "" : " tls");
    }

    private static List<DcEndpoint> endpoints(Object dcs) {
        if (dcs == null) {
            throw new MalformedReadyLineException("dcs", "is missing", null);
        }
        if (!(dcs instanceof List<?> list)) {
            throw new MalformedReadyLineException("dcs", "is not an array", null);
        }
        if (list.isEmpty()) {
            throw new MalformedReadyLineException("dcs", "is empty", null);
        }
        List<DcEndpoint> endpoints = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "dcs[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> dc)) {
                throw new MalformedReadyLineException(at, "is not an object", null);
            }
            int id = integer(dc.get("id"), at + ".id", 1, Integer.MAX_VALUE);
            String host = string(dc.get("host"), at + ".host");
            if (host.isBlank()) {
                throw new MalformedReadyLineException(at + ".host", "is blank", null);
            }
            int port = integer(dc.get("port"), at + ".port", 1, 65535);
            if (!ids.add(id)) {
                throw new MalformedReadyLineException(at + ".id", "repeats DC " + id, null);
            }
            endpoints.add(DcEndpoint.of(id, host, port));
        }
        return endpoints;
    }

    private static RsaPublicKey rsaKey(Object value) {
        String pem = string(value, "rsa_public_key_pem");
        try {
            return RsaPem.readPublicKey(pem);
        } catch (IllegalArgumentException e) {
            throw new MalformedReadyLineException("rsa_public_key_pem", "is not an RSA public key PEM ("
                + e.getMessage() + ")", e);
        }
    }

    private static X509Certificate certificate(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException | RuntimeException e) {
            throw new MalformedReadyLineException("tls_certificate_pem", "is not a PEM X.509 certificate", e);
        }
    }

    private static int integer(Object value, String field, int min, int max) {
        if (value == null) {
            throw new MalformedReadyLineException(field, "is missing", null);
        }
        long number;
        if (value instanceof Long l) {
            number = l;
        } else if (value instanceof BigDecimal) {
            throw new MalformedReadyLineException(field, "is not an integer in " + min + ".." + max, null);
        } else {
            throw new MalformedReadyLineException(field, "is not a number", null);
        }
        if (number < min || number > max) {
            throw new MalformedReadyLineException(field, "is " + number + ", not in " + min + ".." + max, null);
        }
        return (int) number;
    }

    private static String string(Object value, String field) {
        if (value == null) {
            throw new MalformedReadyLineException(field, "is missing", null);
        }
        if (!(value instanceof String s)) {
            throw new MalformedReadyLineException(field, "is not a string", null);
        }
        return s;
    }

    private static String optionalString(Object value, String field) {
        return value == null || value == JsonText.NULL ? null : string(value, field);
    }
}
