package io.mtflux.transport.obfuscation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mtflux.transport.MalformedFrameException;
import io.mtflux.transport.framing.Framing;
import io.mtflux.transport.testing.Hex;
import io.mtflux.transport.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The obfuscated2 entries of {@code vectors/transports_obfuscation.json}, plus the server's view of them. */
class ObfuscationVectorsTest {

    private static final JsonNode V = Vectors.load("transports_obfuscation.json").get("obfuscated2");

    private static JsonNode named(String prefix) {
        for (JsonNode n : V) {
            if (n.get("name").asText().startsWith(prefix)) {
                return n;
            }
        }
        throw new IllegalArgumentException(prefix);
    }

    private static byte[] secretOf(JsonNode v) {
        return v.has("secret") ? Hex.bytes(v.get("secret").asText()) : null;
    }

    private static Framing framingOf(JsonNode v) {
        return Framing.fromObfuscationTag(Integer.reverseBytes(Integer.parseUnsignedInt(v.get("protocol_tag").asText(),
            16)));
    }

    @Test
    void gotdEncryptVector() {
        JsonNode v = named("gotd-TestEncrypt");
        ObfuscatedHeader h = ObfuscatedHeader.client(framingOf(v), v.get("dc_id").asInt(), secretOf(v),
            Hex.bytes(v.get("random_init_64").asText()));
        assertThat(Hex.of(h.wireBytes())).isEqualTo(v.get("header_sent_on_wire").asText());
        byte[] abcd = "abcd".getBytes(StandardCharsets.US_ASCII);
        h.encryptStream().apply(abcd, 0, 4);
        assertThat(Hex.of(abcd)).isEqualTo(v.get("after_header_encrypt_stream_on_abcd").asText());
        byte[] fresh = "abcd".getBytes(StandardCharsets.US_ASCII);
        h.decryptStream().apply(fresh, 0, 4);
        assertThat(Hex.of(fresh)).isEqualTo(v.get("fresh_decrypt_stream_on_abcd").asText());
    }

    @Test
    void gotdEncryptVectorKeysMatchPublishedDerivation() {
        JsonNode v = named("gotd-TestEncrypt");
        byte[] init = Hex.bytes(v.get("random_init_64").asText());
        byte[] secret = secretOf(v);
        assertThat(Hex.of(ObfuscatedHeader.sha256(Arrays.copyOfRange(init, 8, 40), secret)))
            .isEqualTo(v.get("enc_key_sha256_of_init8_40_plus_secret").asText());
        assertThat(Hex.of(Arrays.copyOfRange(init, 40, 56))).isEqualTo(v.get("enc_iv").asText());
        // The derived keys reproduce the stream: encrypting init with AES-CTR(enc_key, enc_iv) gives the header.
        AesCtr manual = new AesCtr(Hex.bytes(v.get("enc_key_sha256_of_init8_40_plus_secret").asText()),
            Hex.bytes(v.get("enc_iv").asText()));
        byte[] withTag = init.clone();
        byte[] wire = Hex.bytes(v.get("header_sent_on_wire").asText());
        System.arraycopy(Hex.bytes("dddddddd0200"), 0, withTag, 56, 6);
        manual.apply(withTag, 0, 64);
        assertThat(Arrays.copyOfRange(withTag, 56, 64)).isEqualTo(Arrays.copyOfRange(wire, 56, 64));
        AesCtr dec = new AesCtr(Hex.bytes(v.get("dec_key_sha256_of_rev8_40_plus_secret").asText()),
            Hex.bytes(v.get("dec_iv").asText()));
        byte[] abcd = "abcd".getBytes(StandardCharsets.US_ASCII);
        dec.apply(abcd, 0, 4);
        assertThat(Hex.of(abcd)).isEqualTo(v.get("fresh_decrypt_stream_on_abcd").asText());
    }

    @Test
    void gotdGenerateKeysVector() {
        JsonNode v = named("gotd-Test_generateKeys");
        ObfuscatedHeader h = ObfuscatedHeader.client(framingOf(v), v.get("dc_id").asInt(), secretOf(v),
            Hex.bytes(v.get("random_init_64").asText()));
        assertThat(Hex.of(h.wireBytes())).isEqualTo(v.get("header_sent_on_wire").asText());
    }

    @Test
    void gotdDecryptInitMaterial() {
        byte[] init = new byte[64];
        for (int i = 0; i < 64; i++) {
            init[i] = (byte) i;
        }
        byte[] rev = new byte[64];
        for (int i = 0; i < 64; i++) {
            rev[i] = init[63 - i];
        }
        assertThat(Hex.of(Arrays.copyOfRange(rev, 8, 56))).isEqualTo(named("gotd-Test_getDecryptInit").get("value")
            .asText());
    }

    @Test
    void derivedNoSecretVector() {
        JsonNode v = named("derived-no-secret");
        ObfuscatedHeader h = ObfuscatedHeader.client(framingOf(v), v.get("dc_id").asInt(), null,
            Hex.bytes(v.get("random_init_64").asText()));
        assertThat(Hex.of(h.wireBytes())).isEqualTo(v.get("header_sent_on_wire").asText());
        // The published keys drive the same streams.
        AesCtr dec = new AesCtr(Hex.bytes(v.get("dec_key").asText()), Hex.bytes(v.get("dec_iv").asText()));
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        dec.apply(a, 0, 32);
        h.decryptStream().apply(b, 0, 32);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void serverReadsTagAndDcAndSharesStreams() {
        for (JsonNode v : new JsonNode[] {named("gotd-TestEncrypt"), named("derived-no-secret")}) {
            byte[] wire = Hex.bytes(v.get("header_sent_on_wire").asText());
            ObfuscatedHeader server = ObfuscatedHeader.server(wire, secretOf(v), false);
            assertThat(server.framing()).isEqualTo(framingOf(v));
            assertThat(server.dcId()).isEqualTo(v.get("dc_id").asInt());
            ObfuscatedHeader client = ObfuscatedHeader.client(framingOf(v), v.get("dc_id").asInt(), secretOf(v),
                Hex.bytes(v.get("random_init_64").asText()));
            byte[] up = "client to server".getBytes(StandardCharsets.US_ASCII);
            client.encryptStream().apply(up, 0, up.length);
            server.decryptStream().apply(up, 0, up.length);
            assertThat(new String(up, StandardCharsets.US_ASCII)).isEqualTo("client to server");
            byte[] down = "server to client".getBytes(StandardCharsets.US_ASCII);
            server.encryptStream().apply(down, 0, down.length);
            client.decryptStream().apply(down, 0, down.length);
            assertThat(new String(down, StandardCharsets.US_ASCII)).isEqualTo("server to client");
        }
    }

    @Test
    void wrongSecretGivesUnknownTag() {
        JsonNode v = named("gotd-TestEncrypt");
        byte[] wire = Hex.bytes(v.get("header_sent_on_wire").asText());
        assertThatThrownBy(() -> ObfuscatedHeader.server(wire, new byte[16], false))
            .isInstanceOfSatisfying(MalformedFrameException.class,
                e -> assertThat(e.reason()).isEqualTo(MalformedFrameException.Reason.UNKNOWN_PROTOCOL_TAG));
    }

    @Test
    void forbiddenPrefixes() {
        String[] forbidden = {"ef000000", "48454144", "504f5354", "47455420", "4f505449", "dddddddd", "eeeeeeee",
            "16030102"};
        for (String prefix : forbidden) {
            byte[] init = new byte[64];
            Arrays.fill(init, (byte) 0x11);
            System.arraycopy(Hex.bytes(prefix), 0, init, 0, 4);
            assertThat(ObfuscatedHeader.isForbidden(init)).as(prefix).isTrue();
            assertThatThrownBy(() -> ObfuscatedHeader.server(init, null, true))
                .isInstanceOfSatisfying(MalformedFrameException.class,
                    e -> assertThat(e.reason()).isEqualTo(MalformedFrameException.Reason.FORBIDDEN_PREFIX));
        }
        byte[] secondWordZero = new byte[64];
        Arrays.fill(secondWordZero, (byte) 0x11);
        Arrays.fill(secondWordZero, 4, 8, (byte) 0);
        assertThat(ObfuscatedHeader.isForbidden(secondWordZero)).isTrue();
        byte[] fine = new byte[64];
        Arrays.fill(fine, (byte) 0x11);
        assertThat(ObfuscatedHeader.isForbidden(fine)).isFalse();
    }

    @Test
    void generatedHeadersAreNeverForbiddenAndCarryDc() {
        for (int i = 0; i < 2000; i++) {
            int dc = (i % 3 == 0) ? -(i % 5 + 1) : 10000 + i % 5;
            ObfuscatedHeader h = ObfuscatedHeader.client(Framing.PADDED_INTERMEDIATE, dc, null);
            assertThat(ObfuscatedHeader.isForbidden(h.wireBytes())).isFalse();
            ObfuscatedHeader s = ObfuscatedHeader.server(h.wireBytes(), null, true);
            assertThat(s.dcId()).isEqualTo(dc);
            assertThat(s.framing()).isEqualTo(Framing.PADDED_INTERMEDIATE);
        }
    }

    @Test
    void fullCannotBeObfuscatedAndDcMustFit() {
        assertThatThrownBy(() -> ObfuscatedHeader.client(Framing.FULL, 2, null))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ObfuscatedHeader.client(Framing.INTERMEDIATE, 40000, null))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
