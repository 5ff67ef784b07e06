package io.mtflux.store.file;

import io.mtflux.core.store.SessionFormatException;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.codec.SessionCodec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The bytes of one session file (big-endian):
 *
 * <pre>
 * "MTFS" · u8 file format = 1 · u8 encryption (0 none, 1 AES-256-GCM with an Argon2id key) · i64 store version
 * [encryption 1: 16 B Argon2 salt · u32 memory KiB · u8 iterations · u8 parallelism · 12 B GCM nonce]
 * u32 payload length · payload (SessionCodec bytes, or their AES-256-GCM ciphertext + 16 B tag, with every byte
 * before the payload as associated data)
 * u32 CRC-32 of everything before it
 * </pre>
 */
final class SessionFile {
    static final byte[] MAGIC = {'M', 'T', 'F', 'S'};
    static final int FORMAT = 1;
    static final int PLAIN = 0;
    static final int AES_GCM = 1;
    private static final int MAX_PAYLOAD = 16 * 1024 * 1024;
    private static final int GCM_TAG = 16;

    private SessionFile() {
    }

    /** Thrown for any unreadable file; the store turns it into a CorruptSessionException. */
    static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String problem) {
            super(problem, null, false, false);
        }
    }

    /** A decoded file. */
    record Decoded(long version, SessionState state) {
    }

    static byte[] encode(long version, SessionState state, AtRestKey key, byte[] nonce) {
        byte[] body = SessionCodec.encode(state);
        int headerLength = 4 + 1 + 1 + 8 + (key == null ? 0 : 16 + 4 + 1 + 1 + 12);
        ByteBuffer header = ByteBuffer.allocate(headerLength);
        header.put(MAGIC).put((byte) FORMAT).put((byte) (key == null ? PLAIN : AES_GCM)).putLong(version);
        byte[] payload = body;
        if (key != null) {
            header.put(key.salt()).putInt(key.params().memoryKiB()).put((byte) key.params().iterations())
                .put((byte) key.params().parallelism()).put(nonce);
            payload = gcm(Cipher.ENCRYPT_MODE, key.key(), nonce, header.array(), body);
            Arrays.fill(body, (byte) 0);
        }
        ByteBuffer out = ByteBuffer.allocate(headerLength + 4 + payload.length + 4);
        out.put(header.array()).putInt(payload.length).put(payload);
        CRC32 crc = new CRC32();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        return out.array();
    }

    /** The store version in the header, after checking magic, format and CRC (no decryption). */
    static long version(byte[] data) throws Unreadable {
        return checkFrame(data).getLong(6);
    }

    static Decoded decode(byte[] data, KeySource keys) throws Unreadable {
        ByteBuffer b = checkFrame(data);
        int encryption = data[5] & 0xFF;
        long version = b.getLong(6);
        int pos = 14;
        AtRestKey key = null;
        byte[] nonce = null;
        if (encryption == AES_GCM) {
            need(data, pos + 16 + 4 + 1 + 1 + 12, "encryption header");
            byte[] salt = Arrays.copyOfRange(data, pos, pos + 16);
            int memory = b.getInt(pos + 16);
            int iterations = data[pos + 20] & 0xFF;
            int parallelism = data[pos + 21] & 0xFF;
            nonce = Arrays.copyOfRange(data, pos + 22, pos + 34);
            pos += 34;
            Argon2Params params;
            try {
                params = new Argon2Params(memory, iterations, parallelism);
            } catch (IllegalArgumentException e) {
                throw new Unreadable("Argon2 parameters out of range in the header");
            }
            key = keys.key(salt, params);
        } else if (encryption != PLAIN) {
            throw new Unreadable("unknown encryption " + encryption);
        }
        need(data, pos + 4, "payload length");
        int length = b.getInt(pos);
        if (length < 0 || length > MAX_PAYLOAD || pos + 4 + length + 4 != data.length) {
            throw new Unreadable("payload length " + length + " does not match the file size " + data.length);
        }
        byte[] payload = Arrays.copyOfRange(data, pos + 4, pos + 4 + length);
        byte[] body = payload;
        if (key != null && length < GCM_TAG) {
            // the JDK's GCM throws a ProviderException, not a GeneralSecurityException, for such input
            throw new Unreadable("encrypted payload of " + length + " bytes, shorter than its tag");
        }
        if (key != null) {
            try {
                body = gcmDecrypt(key.key(), nonce, Arrays.copyOf(data, pos), payload);
            } catch (GeneralSecurityException e) {
                throw new Unreadable("decryption failed (wrong passphrase or a damaged file)");
            }
        }
        try {
            return new Decoded(version, SessionCodec.decode(body).withVersion(version));
        } catch (SessionFormatException e) {
            throw new Unreadable(e.getMessage());
        } finally {
            if (key != null) {
                Arrays.fill(body, (byte) 0);
            }
        }
    }

    private static ByteBuffer checkFrame(byte[] data) throws Unreadable {
        need(data, 14, "header");
        if (!Arrays.equals(Arrays.copyOf(data, 4), MAGIC)) {
            throw new Unreadable("not an mtflux session file (bad magic)");
        }
        if ((data[4] & 0xFF) != FORMAT) {
            throw new Unreadable("unknown file format " + (data[4] & 0xFF));
        }
        need(data, 14 + 4 + 4, "payload");
        CRC32 crc = new CRC32();
        crc.update(data, 0, data.length - 4);
        ByteBuffer b = ByteBuffer.wrap(data);
        if ((int) crc.getValue() != b.getInt(data.length - 4)) {
            throw new Unreadable("checksum mismatch (truncated or damaged, " + data.length + " bytes)");
        }
        if (b.getLong(6) < 0) {
            throw new Unreadable("negative store version " + b.getLong(6));
        }
        return b;
    }

    private static void need(byte[] data, int n, String what) throws Unreadable {
        if (data.length < n) {
            throw new Unreadable("truncated: " + data.length + " bytes, the " + what + " needs " + n);
        }
    }

    private static byte[] gcm(int mode, byte[] key, byte[] nonce, byte[] aad, byte[] in) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(aad);
            return c.doFinal(in);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static byte[] gcmDecrypt(byte[] key, byte[] nonce, byte[] aad, byte[] in)
        throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        c.updateAAD(aad);
        return c.doFinal(in);
    }

    /** Finds (derives or recalls) the key for a file's salt and parameters. */
    interface KeySource {
        AtRestKey key(byte[] salt, Argon2Params params) throws Unreadable;
    }
}
