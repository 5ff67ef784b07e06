package io.mtflux.core.crypto;

import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in Infinite Garble Extension mode (docs/protocol.md 2.3), on the JDK's AES (AES-NI intrinsics where present).
 *
 * <p>The 32-byte IV is {@code iv1 || iv2}: iv1 is the initial "previous ciphertext" block c_0, iv2 the initial
 * "previous plaintext" block p_0. Encryption is {@code c_i = E(p_i ^ c_{i-1}) ^ p_{i-1}}, decryption
 * {@code p_i = D(c_i ^ p_{i-1}) ^ c_{i-1}}. Works with any AES key size (16, 24 or 32 bytes); MTProto uses 32.
 *
 * <p><b>Encryption</b> runs as one JCE AES-CBC pass. With {@code y_i = E(p_i ^ c_{i-1})} we have
 * {@code c_i = y_i ^ p_{i-1}}, hence {@code y_i = E(p_i ^ p_{i-2} ^ y_{i-1})}: CBC encryption of
 * {@code m_i = p_i ^ p_{i-2}} with IV {@code y_0 = iv1}, taking {@code p_0 = iv2} and {@code p_{-1} = 0}. So a
 * pre-XOR pass, a single CBC call per chunk and a post-XOR pass replace 2n JCE calls.
 *
 * <p><b>Decryption</b> is sequential (each AES input depends on the previous output), so it calls the block
 * cipher once per block; that path reuses one ECB cipher and two 16-byte blocks and allocates nothing. On a JVM
 * started with {@code --add-modules jdk.incubator.vector} it does the XORs on 16-byte vectors instead
 * ({@link #vectorDecryption()}), about 1.2x faster at 1 KiB (bench/README.md): the next AES input is then written
 * with one 16-byte store, which the AES intrinsic's load takes from the store buffer without waiting.
 *
 * <p>An instance is a reusable engine holding JCE ciphers and scratch buffers: it is <em>not</em> thread-safe.
 * Use one per thread (the static helpers do). All operations work in place.
 */
public final class AesIge {

    /** IV length in bytes: two AES blocks. */
    public static final int IV_LENGTH = 32;

    private static final int BLOCK = 16;
    private static final int CHUNK = 16 * 1024;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final ThreadLocal<AesIge> LOCAL = ThreadLocal.withInitial(AesIge::new);
    /** Whether the JVM has the incubating Vector API ({@code --add-modules jdk.incubator.vector}). */
    private static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private final Cipher cbcEncrypt;
    private final Cipher ecbDecrypt;
    private final byte[] chunkIn = new byte[CHUNK];
    private final byte[] chunkOut = new byte[CHUNK];
    private final byte[] blockIn = new byte[BLOCK];
    private final byte[] blockOut = new byte[BLOCK];
    private final byte[] carryIv = new byte[IV_LENGTH];
    private final byte[] bufChunk = new byte[CHUNK];
    private final byte[] lastBlock = new byte[BLOCK];
    private byte[] encryptKey;
    private SecretKeySpec encryptSpec;
    private byte[] decryptKey;

    /** Creates an engine. */
    public AesIge() {
        try {
            cbcEncrypt = Cipher.getInstance("AES/CBC/NoPadding");
            ecbDecrypt = Cipher.getInstance("AES/ECB/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is required by every Java platform", e);
        }
    }

    /** The calling thread's engine (package use: message and handshake ciphers). */
    static AesIge local() {
        return LOCAL.get();
    }

    /**
     * Encrypts a copy of {@code plaintext}.
     *
     * @param key AES key (16, 24 or 32 bytes)
     * @param iv 32-byte IGE IV
     * @param plaintext data, a multiple of 16 bytes
     * @return the ciphertext
     */
    public static byte[] encrypt(byte[] key, byte[] iv, byte[] plaintext) {
        byte[] out = plaintext.clone();
        local().encryptInPlace(key, iv, out, 0, out.length);
        return out;
    }

    /**
     * Decrypts a copy of {@code ciphertext}.
     *
     * @param key AES key (16, 24 or 32 bytes)
     * @param iv 32-byte IGE IV
     * @param ciphertext data, a multiple of 16 bytes
     * @return the plaintext
     */
    public static byte[] decrypt(byte[] key, byte[] iv, byte[] ciphertext) {
        byte[] out = ciphertext.clone();
        local().decryptInPlace(key, iv, out, 0, out.length);
        return out;
    }

    /**
     * Encrypts {@code data[offset, offset + length)} in place.
     *
     * @param key AES key (16, 24 or 32 bytes)
     * @param iv 32-byte IGE IV (not modified)
     * @param data the buffer
     * @param offset start of the range
     * @param length length of the range, a multiple of 16
     */
    public void encryptInPlace(byte[] key, byte[] iv, byte[] data, int offset, int length) {
        checkArgs(iv, data.length, offset, length);
        initEncrypt(key, iv, 0);
        // Registers: m2 = p_{i-2}, m1 = p_{i-1} for the pre-XOR; q = p_{i-1} for the post-XOR.
        long m2a = 0;
        long m2b = 0;
        long m1a = (long) LONGS.get(iv, 16);
        long m1b = (long) LONGS.get(iv, 24);
        long qa = m1a;
        long qb = m1b;
        for (int start = offset, end = offset + length; start < end; start += CHUNK) {
            int n = Math.min(CHUNK, end - start);
            for (int i = 0; i < n; i += BLOCK) {
                long pa = (long) LONGS.get(data, start + i);
                long pb = (long) LONGS.get(data, start + i + 8);
                LONGS.set(chunkIn, i, pa ^ m2a);
                LONGS.set(chunkIn, i + 8, pb ^ m2b);
                m2a = m1a;
                m2b = m1b;
                m1a = pa;
                m1b = pb;
            }
            cbcUpdate(n);
            for (int i = 0; i < n; i += BLOCK) {
                int at = start + i;
                long pa = (long) LONGS.get(data, at);
                long pb = (long) LONGS.get(data, at + 8);
                LONGS.set(data, at, (long) LONGS.get(chunkOut, i) ^ qa);
                LONGS.set(data, at + 8, (long) LONGS.get(chunkOut, i + 8) ^ qb);
                qa = pa;
                qb = pb;
            }
        }
    }

    /**
     * Decrypts {@code data[offset, offset + length)} in place.
     *
     * @param key AES key (16, 24 or 32 bytes)
     * @param iv 32-byte IGE IV (not modified)
     * @param data the buffer
     * @param offset start of the range
     * @param length length of the range, a multiple of 16
     */
    public void decryptInPlace(byte[] key, byte[] iv, byte[] data, int offset, int length) {
        decryptInPlace(key, iv, data, offset, length, VECTOR);
    }

    /**
     * Whether decryption does its XORs on 16-byte vectors: the JVM runs with
     * {@code --add-modules jdk.incubator.vector} (Java 17's incubating Vector API). Either way the result is the
     * same; with it, decryption is faster.
     *
     * @return true when the Vector API is there
     */
    public static boolean vectorDecryption() {
        return VECTOR;
    }

    /** Decryption on the vector path or the plain one ({@code vector} only where {@link #VECTOR} holds). */
    void decryptInPlace(byte[] key, byte[] iv, byte[] data, int offset, int length, boolean vector) {
        checkArgs(iv, data.length, offset, length);
        initDecrypt(key);
        if (vector) {
            try {
                IgeVectorDecryption.decrypt(ecbDecrypt, blockIn, blockOut, iv, data, offset, length);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES decryption failed", e);
            } finally {
                Arrays.fill(blockOut, (byte) 0);
                Arrays.fill(blockIn, (byte) 0);
            }
            return;
        }
        long ca = (long) LONGS.get(iv, 0);
        long cb = (long) LONGS.get(iv, 8);
        long pa = (long) LONGS.get(iv, 16);
        long pb = (long) LONGS.get(iv, 24);
        try {
            for (int at = offset, end = offset + length; at < end; at += BLOCK) {
                long xa = (long) LONGS.get(data, at);
                long xb = (long) LONGS.get(data, at + 8);
                LONGS.set(blockIn, 0, xa ^ pa);
                LONGS.set(blockIn, 8, xb ^ pb);
                // Distinct in/out arrays: JCE copies the input when they are the same array.
                ecbDecrypt.update(blockIn, 0, BLOCK, blockOut, 0);
                pa = (long) LONGS.get(blockOut, 0) ^ ca;
                pb = (long) LONGS.get(blockOut, 8) ^ cb;
                LONGS.set(data, at, pa);
                LONGS.set(data, at + 8, pb);
                ca = xa;
                cb = xb;
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES decryption failed", e);
        } finally {
            Arrays.fill(blockOut, (byte) 0);
            Arrays.fill(blockIn, (byte) 0);
        }
    }

    /**
     * Encrypts {@code length} bytes of {@code buf} starting at {@code index}, in place; the reader and writer
     * indexes are unchanged. Heap buffers are processed without any copy; other buffers go through this
     * engine's reusable scratch chunk (JCE itself needs arrays).
     *
     * @param key AES key
     * @param iv 32-byte IGE IV (not modified)
     * @param buf the buffer
     * @param index absolute start index
     * @param length a multiple of 16
     */
    public void encryptInPlace(byte[] key, byte[] iv, ByteBuf buf, int index, int length) {
        process(true, key, iv, buf, index, length);
    }

    /**
     * Decrypts {@code length} bytes of {@code buf} starting at {@code index}, in place; see
     * {@link #encryptInPlace(byte[], byte[], ByteBuf, int, int)}.
     *
     * @param key AES key
     * @param iv 32-byte IGE IV (not modified)
     * @param buf the buffer
     * @param index absolute start index
     * @param length a multiple of 16
     */
    public void decryptInPlace(byte[] key, byte[] iv, ByteBuf buf, int index, int length) {
        process(false, key, iv, buf, index, length);
    }

    private void process(boolean encrypt, byte[] key, byte[] iv, ByteBuf buf, int index, int length) {
        checkArgs(iv, Integer.MAX_VALUE, 0, length);
        checkRange(buf, index, length);
        if (buf.hasArray()) {
            int off = buf.arrayOffset() + index;
            if (encrypt) {
                encryptInPlace(key, iv, buf.array(), off, length);
            } else {
                decryptInPlace(key, iv, buf.array(), off, length);
            }
            return;
        }
        // IGE's whole state between blocks is (last ciphertext, last plaintext), i.e. an IV: carry it from one
        // chunk to the next. chunkIn/chunkOut/blockIn are busy inside the array methods, hence bufChunk.
        byte[] chunk = bufChunk;
        byte[] state = carryIv;
        System.arraycopy(iv, 0, state, 0, IV_LENGTH);
        try {
            for (int done = 0; done < length; ) {
                int n = Math.min(CHUNK, length - done);
                buf.getBytes(index + done, chunk, 0, n);
                if (encrypt) {
                    System.arraycopy(chunk, n - BLOCK, lastBlock, 0, BLOCK);
                    encryptInPlace(key, state, chunk, 0, n);
                    System.arraycopy(chunk, n - BLOCK, state, 0, BLOCK);
                    System.arraycopy(lastBlock, 0, state, BLOCK, BLOCK);
                } else {
                    System.arraycopy(chunk, n - BLOCK, lastBlock, 0, BLOCK);
                    decryptInPlace(key, state, chunk, 0, n);
                    System.arraycopy(lastBlock, 0, state, 0, BLOCK);
                    System.arraycopy(chunk, n - BLOCK, state, BLOCK, BLOCK);
                }
                buf.setBytes(index + done, chunk, 0, n);
                done += n;
            }
        } finally {
            Arrays.fill(chunk, 0, Math.min(CHUNK, length), (byte) 0);
            Arrays.fill(state, (byte) 0);
            Arrays.fill(lastBlock, (byte) 0);
        }
    }

    private void initEncrypt(byte[] key, byte[] iv, int ivOffset) {
        checkKey(key);
        try {
            if (encryptSpec == null || !Arrays.equals(key, encryptKey)) {
                encryptSpec = new SecretKeySpec(key, "AES");
                encryptKey = key.clone();
            }
            cbcEncrypt.init(Cipher.ENCRYPT_MODE, encryptSpec, new IvParameterSpec(iv, ivOffset, BLOCK));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("invalid AES key length " + key.length, e);
        }
    }

    private void initDecrypt(byte[] key) {
        checkKey(key);
        if (decryptKey != null && Arrays.equals(key, decryptKey)) {
            return;
        }
        try {
            ecbDecrypt.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"));
            decryptKey = key.clone();
        } catch (GeneralSecurityException e) {
            decryptKey = null;
            throw new IllegalArgumentException("invalid AES key length " + key.length, e);
        }
    }

    private void cbcUpdate(int n) {
        try {
            cbcEncrypt.update(chunkIn, 0, n, chunkOut, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES encryption failed", e);
        }
    }

    /**
     * Rejects bad key sizes before JCE sees them: a failed {@code init} can leave a JCE cipher with delayed
     * provider selection unusable for later, valid keys.
     */
    static void checkKey(byte[] key) {
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("AES key must be 16, 24 or 32 bytes, got " + key.length);
        }
    }

    private static void checkArgs(byte[] iv, int capacity, int offset, int length) {
        if (iv.length != IV_LENGTH) {
            throw new IllegalArgumentException("IGE IV must be 32 bytes");
        }
        if (length % BLOCK != 0) {
            throw new IllegalArgumentException("IGE data length must be a multiple of 16, got " + length);
        }
        if (offset < 0 || length < 0 || offset > capacity - length) {
            throw new IndexOutOfBoundsException("range [" + offset + ", " + offset + " + " + length + ")");
        }
    }

    private static void checkRange(ByteBuf buf, int index, int length) {
        if (index < 0 || length < 0 || index > buf.capacity() - length) {
            throw new IndexOutOfBoundsException("index " + index + ", length " + length + ", capacity "
                + buf.capacity());
        }
    }

    @Override
    public String toString() {
        return "AesIge";
    }
}
