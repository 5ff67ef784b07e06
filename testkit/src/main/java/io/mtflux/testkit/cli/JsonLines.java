package io.mtflux.testkit.cli;

import io.mtflux.core.crypto.RsaPem;
import io.mtflux.core.crypto.RsaPublicKey;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.testkit.LoginCode;
import io.mtflux.testkit.TestCluster;
import java.util.List;
import java.util.Locale;

/**
 * The JSON lines of the jar's stdout contract, written by hand (a few fixed shapes do not need a JSON library):
 * the ready line and the events. Each is one line: strings are escaped per RFC 8259, so the PEM's newlines
 * become {@code \n}.
 */
public final class JsonLines {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonLines() {
    }

    /**
     * The first line: {@code {"dcs":[{"id":1,"host":"127.0.0.1","port":40001},...],"rsa_public_key_pem":"...",
     * "rsa_fingerprint":"<signed decimal>"}}.
     *
     * @param endpoints the DCs in order
     * @param key the cluster's public key (never the private one)
     * @return the line, without a line terminator
     */
    public static String ready(List<DcEndpoint> endpoints, RsaPublicKey key) {
        return ready(endpoints, key, null, null);
    }

    /**
     * The first line of a running cluster: {@link #ready(List, RsaPublicKey, String, String)} with its endpoints,
     * key, WebSocket path and, when it has TLS, its certificate.
     *
     * @param cluster the cluster
     * @return the line, without a line terminator
     */
    public static String ready(TestCluster cluster) {
        return ready(cluster.endpoints(), cluster.rsaKey().publicKey(), cluster.webSocketPath(),
            cluster.tlsCertificatePem().orElse(null));
    }

    /**
     * The first line with the WebSocket fields after the others: {@code "websocket_path":"/apiws"} (every DC serves
     * {@code ws://host:port/apiws} on its port) and, when the DCs serve {@code wss://} too,
     * {@code "tls_certificate_pem":"-----BEGIN CERTIFICATE-----\n..."} (the certificate to trust).
     *
     * @param endpoints the DCs in order
     * @param key the cluster's public key (never the private one)
     * @param webSocketPath the path of the WebSocket endpoints, or null to leave the field out
     * @param tlsCertificatePem the PEM certificate of {@code wss://}, or null without TLS
     * @return the line, without a line terminator
     */
    public static String ready(List<DcEndpoint> endpoints, RsaPublicKey key, String webSocketPath,
                               String tlsCertificatePem) {
        StringBuilder out = new StringBuilder(1024).append("{\"dcs\":[");
        for (int i = 0; i < endpoints.size(); i++) {
            DcEndpoint dc = endpoints.get(i);
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"id\":").append(dc.dcId()).append(",\"host\":");
            string(out, dc.host());
            out.append(",\"port\":").append(dc.port()).append('}');
        }
        out.append("],\"rsa_public_key_pem\":");
        string(out, RsaPem.writePublicKey(key));
        out.append(",\"rsa_fingerprint\":");
        string(out, Long.toString(key.fingerprint()));
        if (webSocketPath != null) {
            out.append(",\"websocket_path\":");
            string(out, webSocketPath);
        }
        if (tlsCertificatePem != null) {
            out.append(",\"tls_certificate_pem\":");
            string(out, tlsCertificatePem);
        }
        return out.append('}').toString();
    }

    /**
     * {@code {"event":"code_sent","phone":"+15550001111","code":"12345","dc":2,"type":"sms"}}: the phone with a leading
     * {@code +} before its digits.
     *
     * @param code a code the cluster sent
     * @return the line, without a line terminator
     */
    public static String codeSent(LoginCode code) {
        StringBuilder out = new StringBuilder(96).append("{\"event\":\"code_sent\",\"phone\":");
        string(out, code.phone().startsWith("+") ? code.phone() : "+" + code.phone());
        out.append(",\"code\":");
        string(out, code.code());
        out.append(",\"dc\":").append(code.dcId()).append(",\"type\":");
        string(out, code.type().name().toLowerCase(Locale.ROOT));
        return out.append('}').toString();
    }

    /**
     * @param value any string
     * @return it as a JSON string literal, quotes included
     */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2);
        string(out, value);
        return out.toString();
    }

    private static void string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // control characters, and the line separators some JavaScript parsers choke on
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                            .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
