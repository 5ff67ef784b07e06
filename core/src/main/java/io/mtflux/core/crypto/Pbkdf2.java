package io.mtflux.core.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * PBKDF2 (RFC 8018) with HMAC-SHA512, on the JDK's {@link Mac}.
 *
 * <p>The JDK's {@code PBKDF2WithHmacSHA512} key factory takes the password as {@code char[]} and encodes it as
 * UTF-8, which cannot carry SRP's binary PH1 hash (docs/protocol.md 7); so the PRF loop is written here over raw bytes.
 */
public final class Pbkdf2 {

    private static final int HASH_LENGTH = 64;

    private Pbkdf2() {
    }

    /**
     * Derives {@code length} bytes with PBKDF2-HMAC-SHA512. CPU-heavy for large iteration counts: see
     * {@link #hmacSha512Async}.
     *
     * @param password the password bytes (any binary value)
     * @param salt the salt
     * @param iterations the iteration count, at least 1
     * @param length the output length in bytes
     * @return the derived key
     */
    public static byte[] hmacSha512(byte[] password, byte[] salt, int iterations, int length) {
        if (iterations < 1 || length < 1) {
            throw new IllegalArgumentException("iterations and length must be positive");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            // An empty password is legal in PBKDF2 but SecretKeySpec refuses empty keys; HMAC pads keys with
            // zeros to the block size, so a single zero byte is the same HMAC key.
            mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "HmacSHA512"));
            byte[] out = new byte[length];
            byte[] u = new byte[HASH_LENGTH];
            byte[] t = new byte[HASH_LENGTH];
            byte[] blockIndex = new byte[4];
            for (int block = 1, done = 0; done < length; block++) {
                blockIndex[0] = (byte) (block >>> 24);
                blockIndex[1] = (byte) (block >>> 16);
                blockIndex[2] = (byte) (block >>> 8);
                blockIndex[3] = (byte) block;
                mac.update(salt);
                mac.update(blockIndex);
                mac.doFinal(u, 0);
                System.arraycopy(u, 0, t, 0, HASH_LENGTH);
                for (int i = 1; i < iterations; i++) {
                    mac.update(u);
                    mac.doFinal(u, 0);
                    for (int j = 0; j < HASH_LENGTH; j++) {
                        t[j] ^= u[j];
                    }
                }
                int n = Math.min(HASH_LENGTH, length - done);
                System.arraycopy(t, 0, out, done, n);
                done += n;
            }
            Arrays.fill(u, (byte) 0);
            Arrays.fill(t, (byte) 0);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA512 unavailable", e);
        }
    }

    /**
     * {@link #hmacSha512} on {@code Schedulers.parallel()}.
     *
     * @param password the password bytes
     * @param salt the salt
     * @param iterations the iteration count
     * @param length the output length
     * @return a cold {@code Mono} of the derived key
     */
    public static Mono<byte[]> hmacSha512Async(byte[] password, byte[] salt, int iterations, int length) {
        return Mono.fromCallable(() -> hmacSha512(password, salt, iterations, length))
            .subscribeOn(Schedulers.parallel());
    }
}
