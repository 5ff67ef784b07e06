package io.mtflux.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AesCtrTest {

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
            assertThat(Vectors.toHex(stream.apply(plain))).isEqualTo(expected.asText());
        }
    }

    @Test
    void oddSizedPiecesEqualOneShotOnAnyBuffer() {
        SplittableRandom r = new SplittableRandom(3);
        byte[] key = AesIgeTest.bytes(r, 32);
        byte[] iv = AesIgeTest.bytes(r, 16);
        byte[] data = AesIgeTest.bytes(r, 50_000);
        byte[] oneShot = new AesCtr(key, iv).apply(data);

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
