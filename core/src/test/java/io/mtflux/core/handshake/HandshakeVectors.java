package io.mtflux.core.handshake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;

/** Loads the handshake vectors under {@code src/test/resources/vectors} (see PROVENANCE.md there). */
final class HandshakeVectors {

    private HandshakeVectors() {
    }

    static JsonNode load(String file) {
        try (InputStream in = HandshakeVectors.class.getResourceAsStream("/vectors/" + file)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hex(JsonNode node) {
        return HexFormat.of().parseHex(node.asText());
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    static String toHex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** The body of an unencrypted MTProto message: strips auth_key_id (8), msg_id (8) and length (4). */
    static byte[] body(JsonNode packet) {
        byte[] all = hex(packet);
        byte[] out = new byte[all.length - 20];
        System.arraycopy(all, 20, out, 0, out.length);
        return out;
    }
}
