package io.mtflux.core.crypto;

import io.netty.buffer.ByteBuf;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One direction of an AES-CTR stream (obfuscated2 and MTProxy, MTPROTO.md 4.7): a 128-bit big-endian counter
 * starting at the IV, with the keystream position kept between calls, so successive calls continue the stream
 * wherever the previous one stopped, even mid-block.
 *
 * <p>A connection needs two instances, one per direction. Not thread-safe: a direction is driven by one thread
 * at a time (its event loop).
 */
public final class AesCtr {

    private static final int CHUNK = 8 * 1024;

    private final Cipher cipher;
    private byte[] scratch;
    private byte[] scratchOut;

    /**
     * Starts a stream.
     *
     * @param key AES key (16, 24 or 32 bytes; obfuscated2 uses 32)
     * @param iv the 16-byte initial counter block
     */
    public AesCtr(byte[] key, byte[] iv) {
        if (iv.length != 16) {
            throw new IllegalArgumentException("CTR IV must be 16 bytes");
        }
        AesIge.checkKey(key);
        try {
            cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("invalid AES-CTR key or IV", e);
        }
    }

    /**
     * XORs the next keystream bytes into {@code data[offset, offset + length)} in place (encryption and
     * decryption are the same operation).
     *
     * @param data the buffer
     * @param offset start of the range
     * @param length length of the range, any size
     */
    public void apply(byte[] data, int offset, int length) {
        if (length == 0) {
            return;
        }
        // JCE copies the input when input and output are the same array, so go through a scratch chunk.
        byte[] chunk = scratch(length);
        for (int done = 0; done < length; ) {
            int n = Math.min(chunk.length, length - done);
            System.arraycopy(data, offset + done, chunk, 0, n);
            update(chunk, n, data, offset + done);
            done += n;
        }
    }

    /**
     * Returns a processed copy of {@code data}, advancing the stream.
     *
     * @param data the input
     * @return the output, same length
     */
    public byte[] apply(byte[] data) {
        byte[] out = new byte[data.length];
        if (data.length > 0) {
            update(data, data.length, out, 0);
        }
        return out;
    }

    /**
     * XORs the next keystream bytes into {@code length} bytes of {@code buf} at {@code index}, in place; the
     * buffer's indexes are unchanged.
     *
     * @param buf the buffer
     * @param index absolute start index
     * @param length how many bytes
     */
    public void apply(ByteBuf buf, int index, int length) {
        checkRange(buf, index, length);
        if (buf.hasArray()) {
            apply(buf.array(), buf.arrayOffset() + index, length);
            return;
        }
        byte[] chunk = scratch(length);
        if (scratchOut == null || scratchOut.length < chunk.length) {
            scratchOut = new byte[chunk.length];
        }
        byte[] out = scratchOut;
        for (int done = 0; done < length; ) {
            int n = Math.min(chunk.length, length - done);
            buf.getBytes(index + done, chunk, 0, n);
            update(chunk, n, out, 0);
            buf.setBytes(index + done, out, 0, n);
            done += n;
        }
    }

    private byte[] scratch(int length) {
        if (scratch == null || scratch.length < Math.min(CHUNK, length)) {
            scratch = new byte[Math.min(CHUNK, Math.max(length, 256))];
        }
        return scratch;
    }

    private void update(byte[] in, int n, byte[] out, int outOffset) {
        try {
            int written = cipher.update(in, 0, n, out, outOffset);
            if (written != n) {
                throw new IllegalStateException("CTR produced " + written + " of " + n + " bytes");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR failed", e);
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
        return "AesCtr";
    }
}
