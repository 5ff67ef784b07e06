package io.mtflux.transport.obfuscation;

import io.netty.buffer.ByteBuf;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One AES-256-CTR key stream (128-bit big-endian counter) that lives for a whole connection direction,
 * as obfuscated2 requires (docs/protocol.md 4.7 step 5). Uses the JDK cipher, which HotSpot accelerates with
 * AES-NI. Not thread-safe: each stream belongs to one channel and runs on its event loop.
 */
public final class AesCtr {

    private static final int SCRATCH_SIZE = 16 * 1024;

    private final Cipher cipher;
    private byte[] scratch;

    /**
     * Creates a stream positioned at offset 0.
     *
     * @param key 32-byte key
     * @param iv 16-byte initial counter block
     */
    public AesCtr(byte[] key, byte[] iv) {
        if (key.length != 32 || iv.length != 16) {
            throw new IllegalArgumentException("AES-256-CTR needs a 32-byte key and a 16-byte iv");
        }
        try {
            cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR/NoPadding is not available", e);
        }
    }

    /**
     * Transforms {@code length} bytes of {@code data} starting at {@code offset} in place.
     *
     * @param data the bytes
     * @param offset the first byte
     * @param length how many bytes
     */
    public void apply(byte[] data, int offset, int length) {
        try {
            int n = cipher.update(data, offset, length, data, offset);
            check(n, length);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Transforms the readable bytes of {@code buf} in place without moving its indices.
     *
     * @param buf a writable buffer
     */
    public void apply(ByteBuf buf) {
        apply(buf, buf.readerIndex(), buf.readableBytes());
    }

    /**
     * Transforms {@code length} bytes of {@code buf} starting at {@code index} in place.
     *
     * @param buf a writable buffer
     * @param index the first byte
     * @param length how many bytes
     */
    public void apply(ByteBuf buf, int index, int length) {
        if (length == 0) {
            return;
        }
        if (buf.hasArray()) {
            apply(buf.array(), buf.arrayOffset() + index, length);
            return;
        }
        // Direct (or composite) memory: run the cipher over a reusable heap block. The JDK's ByteBuffer path
        // would allocate a temporary array per call and works in 4 KiB steps; the heap array path is the one
        // HotSpot's AES-CTR intrinsic accelerates.
        byte[] block = scratch;
        if (block == null) {
            block = new byte[SCRATCH_SIZE];
            scratch = block;
        }
        for (int done = 0; done < length;) {
            int n = Math.min(length - done, block.length);
            buf.getBytes(index + done, block, 0, n);
            apply(block, 0, n);
            buf.setBytes(index + done, block, 0, n);
            done += n;
        }
    }

    private static void check(int produced, int expected) {
        // CTR is a stream mode: the JDK cipher returns exactly as many bytes as it is given.
        if (produced != expected) {
            throw new IllegalStateException("AES-CTR produced " + produced + " of " + expected + " bytes");
        }
    }

    @Override
    public String toString() {
        return "AesCtr[key hidden]";
    }
}
