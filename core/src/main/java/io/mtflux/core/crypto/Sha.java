package io.mtflux.core.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-1, SHA-256 and SHA-512 from the JDK, over one or more concatenated byte arrays.
 *
 * <p>Digest instances are cached per thread, so hashing on a hot path allocates only the result.
 */
public final class Sha {

    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> create("SHA-1"));
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> create("SHA-256"));
    private static final ThreadLocal<MessageDigest> SHA512 = ThreadLocal.withInitial(() -> create("SHA-512"));

    private Sha() {
    }

    /**
     * SHA-1 of the concatenation of the parts.
     *
     * @param parts byte strings hashed in order
     * @return the 20-byte digest
     */
    public static byte[] sha1(byte[]... parts) {
        return digest(sha1Digest(), parts);
    }

    /**
     * SHA-256 of the concatenation of the parts.
     *
     * @param parts byte strings hashed in order
     * @return the 32-byte digest
     */
    public static byte[] sha256(byte[]... parts) {
        return digest(sha256Digest(), parts);
    }

    /**
     * SHA-512 of the concatenation of the parts.
     *
     * @param parts byte strings hashed in order
     * @return the 64-byte digest
     */
    public static byte[] sha512(byte[]... parts) {
        return digest(SHA512.get(), parts);
    }

    /**
     * SHA-1 of a range of an array.
     *
     * @param data the array
     * @param offset start of the range
     * @param length length of the range
     * @return the 20-byte digest
     */
    public static byte[] sha1(byte[] data, int offset, int length) {
        MessageDigest md = sha1Digest();
        md.update(data, offset, length);
        return md.digest();
    }

    /**
     * A reset, thread-confined SHA-1 digest for incremental use; it must not escape the calling thread and
     * must be completed with {@code digest()} before the next call on that thread.
     */
    static MessageDigest sha1Digest() {
        MessageDigest md = SHA1.get();
        md.reset();
        return md;
    }

    /** A reset, thread-confined SHA-256 digest; same rules as {@link #sha1Digest()}. */
    static MessageDigest sha256Digest() {
        MessageDigest md = SHA256.get();
        md.reset();
        return md;
    }

    private static byte[] digest(MessageDigest md, byte[][] parts) {
        md.reset();
        for (byte[] part : parts) {
            md.update(part);
        }
        return md.digest();
    }

    private static MessageDigest create(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by every Java platform", e);
        }
    }
}
