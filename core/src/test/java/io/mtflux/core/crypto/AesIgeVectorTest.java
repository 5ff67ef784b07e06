package io.mtflux.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Decryption on 16-byte vectors ({@link IgeVectorDecryption}) gives what the plain path gives, byte for byte. This
 * module's tests run with {@code --add-modules jdk.incubator.vector} (core/pom.xml), so the vector path is the one
 * {@link AesIge} takes here, and the known-answer vectors of {@link AesIgeTest} go through it too.
 */
class AesIgeVectorTest {

    @Test
    void thisModulesTestsRunWithTheVectorApi() {
        assertThat(AesIge.vectorDecryption()).isTrue();
    }

    @Test
    void bothPathsDecryptAlikeAtEverySizeAndOffset() {
        SplittableRandom random = new SplittableRandom(15);
        AesIge ige = new AesIge();
        for (int keyLength : new int[] {16, 24, 32}) {
            for (int blocks : new int[] {1, 2, 3, 64, 1025}) {
                byte[] key = bytes(random, keyLength);
                byte[] iv = bytes(random, AesIge.IV_LENGTH);
                int offset = 16 * random.nextInt(3);
                byte[] data = bytes(random, offset + 16 * blocks + 16);
                byte[] plain = data.clone();
                byte[] vector = data.clone();
                ige.decryptInPlace(key, iv, plain, offset, 16 * blocks, false);
                ige.decryptInPlace(key, iv, vector, offset, 16 * blocks, true);
                assertThat(vector).as("key %d bytes, %d blocks at %d", keyLength, blocks, offset).isEqualTo(plain);
                // and it is decryption: encrypting gives the data back, the bytes around the range untouched
                ige.encryptInPlace(key, iv, vector, offset, 16 * blocks);
                assertThat(vector).isEqualTo(data);
                assertThat(Arrays.equals(plain, 0, offset, data, 0, offset)).isTrue();
            }
        }
    }

    private static byte[] bytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
