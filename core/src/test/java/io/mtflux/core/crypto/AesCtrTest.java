package io.mtflux.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mtflux.transport.obfuscation.AesCtr;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The CTR vectors of aes_ige_ctr.json against the transport's streaming AES-CTR (the one obfuscated2 and
 * MTProxy use; core has no second copy).
 */
class AesCtrTest {

    /** A copy of {@code data} run through {@code stream}. */
    private static byte[] applied(AesCtr stream, byte[] data) {
        byte[] copy = data.clone();
        stream.apply(copy, 0, copy.length);
        return copy;
    }


    private final JsonNode ctr = Vectors.load("aes_ige_ctr.json").get("aes_ctr");

    @Test
    void gramjsStreamContinuesAcrossCalls() {
        JsonNode v = ctr.get(0);
        AesCtr stream = new AesCtr("the key needs 32 characters long".getBytes(), "the iv does not.".getBytes());
        for (JsonNode call : v.get("calls")) {
            byte[] data = Vectors.ascii(call.get("plaintext_ascii"));
            stream.apply(data, 0, data.length);
            assertThat(Vectors.toHex(data)).isEqualTo(call.get("ciphertext").asText());
        }
    }

    @Test
    void mtcuteSixCallsThroughOneInstance() {
        JsonNode v = ctr.get(1);
        AesCtr stream = new AesCtr(Vectors.hex(v.get("key")), Vectors.hex(v.get("iv")));
        byte[] plain = Vectors.hex(v.get("plaintext_each_call"));
        for (JsonNode expected : v.get("ciphertexts")) {
            assertThat(Vectors.toHex(applied(stream, plain))).isEqualTo(expected.asText());
        }
    }

    /**
     * gotd's obfuscated2 vector: the encrypt stream first encrypts the whole 64-byte init (whose bytes 56..64,
     * tag and dc, go on the wire encrypted), then continues with "abcd"; a fresh decrypt stream starts at 0.
     */
    @Test
    void obfuscated2StreamsFromGotd() {
        JsonNode v = Vectors.load("transports_obfuscation.json").get("obfuscated2").get(0);
        byte[] init = Vectors.hex(v.get("random_init_64"));
        System.arraycopy(Vectors.hex(v.get("protocol_tag")), 0, init, 56, 4);
        init[60] = (byte) v.get("dc_id").asInt();
        init[61] = 0;
        AesCtr encrypt = new AesCtr(Vectors.hex(v.get("enc_key_sha256_of_init8_40_plus_secret")),
            Vectors.hex(v.get("enc_iv")));
        byte[] encryptedInit = applied(encrypt, init);
        byte[] header = Vectors.hex(v.get("header_sent_on_wire"));
        assertThat(Arrays.copyOfRange(encryptedInit, 56, 64)).isEqualTo(Arrays.copyOfRange(header, 56, 64));
        assertThat(Vectors.toHex(applied(encrypt, "abcd".getBytes()))).isEqualTo(
            v.get("after_header_encrypt_stream_on_abcd").asText());
        AesCtr decrypt = new AesCtr(Vectors.hex(v.get("dec_key_sha256_of_rev8_40_plus_secret")),
            Vectors.hex(v.get("dec_iv")));
        assertThat(Vectors.toHex(applied(decrypt, "abcd".getBytes()))).isEqualTo(
            v.get("fresh_decrypt_stream_on_abcd").asText());
    }

    @Test
    void oddSizedPiecesEqualOneShotOnAnyBuffer() {
        SplittableRandom r = new SplittableRandom(3);
        byte[] key = AesIgeTest.bytes(r, 32);
        byte[] iv = AesIgeTest.bytes(r, 16);
        byte[] data = AesIgeTest.bytes(r, 50_000);
        byte[] oneShot = applied(new AesCtr(key, iv), data);

        AesCtr pieces = new AesCtr(key, iv);
        ByteBuf direct = Unpooled.directBuffer(data.length).writeBytes(data);
        try {
            int at = 0;
            while (at < data.length) {
                int n = Math.min(1 + r.nextInt(20_000), data.length - at);
                pieces.apply(direct, at, n);
                at += n;
            }
            byte[] got = new byte[data.length];
            direct.getBytes(0, got);
            assertThat(got).isEqualTo(oneShot);
        } finally {
            direct.release();
        }
        // decrypting is the same operation with a fresh stream
        AesCtr decrypt = new AesCtr(key, iv);
        decrypt.apply(oneShot, 0, oneShot.length);
        assertThat(oneShot).isEqualTo(data);
    }
}
