package io.mtflux.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AesIgeTest {

    static Stream<JsonNode> vectors() {
        List<JsonNode> out = new ArrayList<>();
        Vectors.load("aes_ige_ctr.json").get("aes_ige").forEach(out::add);
        return out.stream();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("vectors")
    void publishedVectorsBothDirections(JsonNode v) {
        byte[] key = Vectors.hex(v.get("key"));
        byte[] iv = Vectors.hex(v.get("iv"));
        byte[] plain = Vectors.hex(v.get("plaintext"));
        byte[] cipher = Vectors.hex(v.get("ciphertext"));
        assertThat(AesIge.encrypt(key, iv, plain)).as(v.get("name").asText()).isEqualTo(cipher);
        assertThat(AesIge.decrypt(key, iv, cipher)).as(v.get("name").asText()).isEqualTo(plain);
    }

    @Test
    void aes128VectorsAreCovered() {
        assertThat(vectors().filter(v -> v.get("cipher").asText().equals("AES-128-IGE")).count()).isEqualTo(2);
    }

    /** Straightforward per-block IGE used as the reference for random inputs. */
    static byte[] referenceEncrypt(byte[] key, byte[] iv, byte[] plain) throws Exception {
        javax.crypto.Cipher ecb = javax.crypto.Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"));
        byte[] prevC = java.util.Arrays.copyOfRange(iv, 0, 16);
        byte[] prevP = java.util.Arrays.copyOfRange(iv, 16, 32);
        byte[] out = new byte[plain.length];
        for (int i = 0; i < plain.length; i += 16) {
            byte[] x = new byte[16];
            for (int j = 0; j < 16; j++) {
                x[j] = (byte) (plain[i + j] ^ prevC[j]);
            }
            byte[] y = ecb.doFinal(x);
            for (int j = 0; j < 16; j++) {
                out[i + j] = (byte) (y[j] ^ prevP[j]);
            }
            prevC = java.util.Arrays.copyOfRange(out, i, i + 16);
            prevP = java.util.Arrays.copyOfRange(plain, i, i + 16);
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void matchesReferenceAndRoundTrips(long seed) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        int blocks = seed < 5 ? (int) seed : r.nextInt(3000);
        byte[] key = bytes(r, new int[] {16, 24, 32}[r.nextInt(3)]);
        byte[] iv = bytes(r, 32);
        byte[] plain = bytes(r, blocks * 16);
        byte[] cipher = AesIge.encrypt(key, iv, plain);
        assertThat(cipher).isEqualTo(referenceEncrypt(key, iv, plain));
        assertThat(AesIge.decrypt(key, iv, cipher)).isEqualTo(plain);
    }

    @Test
    void inPlaceOnArrayRangeLeavesSurroundingsAlone() throws Exception {
        SplittableRandom r = new SplittableRandom(7);
        byte[] key = bytes(r, 32);
        byte[] iv = bytes(r, 32);
        byte[] plain = bytes(r, 40_000);
        byte[] buf = new byte[plain.length + 10];
        System.arraycopy(plain, 0, buf, 5, plain.length);
        buf[0] = 1;
        buf[buf.length - 1] = 2;
        AesIge engine = new AesIge();
        engine.encryptInPlace(key, iv, buf, 5, plain.length);
        assertThat(java.util.Arrays.copyOfRange(buf, 5, 5 + plain.length))
            .isEqualTo(referenceEncrypt(key, iv, plain));
        engine.decryptInPlace(key, iv, buf, 5, plain.length);
        assertThat(java.util.Arrays.copyOfRange(buf, 5, 5 + plain.length)).isEqualTo(plain);
        assertThat(buf[0]).isEqualTo((byte) 1);
        assertThat(buf[buf.length - 1]).isEqualTo((byte) 2);
    }

    @Test
    void inPlaceOnHeapDirectAndCompositeByteBufs() throws Exception {
        SplittableRandom r = new SplittableRandom(11);
        byte[] key = bytes(r, 32);
        byte[] iv = bytes(r, 32);
        byte[] plain = bytes(r, 70_000 - 70_000 % 16);
        byte[] expected = referenceEncrypt(key, iv, plain);
        ByteBuf heap = Unpooled.buffer(plain.length + 8).writeZero(8).writeBytes(plain);
        ByteBuf direct = ByteBufAllocator.DEFAULT.directBuffer(plain.length + 8).writeZero(8).writeBytes(plain);
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        composite.addComponents(true, Unpooled.wrappedBuffer(new byte[8]),
            Unpooled.directBuffer().writeBytes(plain, 0, 1000), Unpooled.buffer().writeBytes(plain, 1000,
                plain.length - 1000));
        try {
            for (ByteBuf b : List.of(heap, direct, composite)) {
                AesIge engine = new AesIge();
                engine.encryptInPlace(key, iv, b, 8, plain.length);
                byte[] got = new byte[plain.length];
                b.getBytes(8, got);
                assertThat(got).as(b.getClass().getSimpleName()).isEqualTo(expected);
                assertThat(b.readerIndex()).isZero();
                engine.decryptInPlace(key, iv, b, 8, plain.length);
                b.getBytes(8, got);
                assertThat(got).isEqualTo(plain);
            }
        } finally {
            heap.release();
            direct.release();
            composite.release();
        }
    }

    @Test
    void rejectsBadArguments() {
        byte[] key = new byte[32];
        assertThatThrownBy(() -> AesIge.encrypt(key, new byte[32], new byte[15]))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AesIge.encrypt(key, new byte[16], new byte[16]))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AesIge.decrypt(new byte[20], new byte[32], new byte[16]))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AesIge().encryptInPlace(key, new byte[32], new byte[32], 16, 32))
            .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void ivIsNotModified() {
        byte[] iv = new byte[32];
        iv[3] = 9;
        byte[] copy = iv.clone();
        AesIge.encrypt(new byte[32], iv, new byte[64]);
        AesIge.decrypt(new byte[32], iv, new byte[64]);
        assertThat(iv).isEqualTo(copy);
    }

    static LongStream seeds() {
        return LongStream.range(0, 100);
    }

    static byte[] bytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
