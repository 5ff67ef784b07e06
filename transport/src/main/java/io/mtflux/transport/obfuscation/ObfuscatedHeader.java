package io.mtflux.transport.obfuscation;

import io.mtflux.transport.MalformedFrameException;
import io.mtflux.transport.MalformedFrameException.Reason;
import io.mtflux.transport.framing.Framing;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The obfuscated2 64-byte init header and the two AES-CTR streams it sets up (docs/protocol.md 4.7).
 *
 * <p>Client: {@code enc = init[8..40]} with iv {@code init[40..56]}, {@code dec} from the same ranges of the
 * reversed header; with an MTProxy secret each key becomes {@code SHA256(key ‖ secret)}. The wire header is
 * {@code init[0..56] ‖ E(init)[56..64]}, so the encrypt stream has consumed 64 bytes before the first packet.
 * Server: the same with the roles swapped; decrypting the header reveals the protocol tag and the DC id.
 */
public final class ObfuscatedHeader {

    /** Header length in bytes. */
    public static final int LENGTH = 64;

    private final byte[] wire;
    private final AesCtr encrypt;
    private final AesCtr decrypt;
    private final Framing framing;
    private final int dcId;

    private ObfuscatedHeader(byte[] wire, AesCtr encrypt, AesCtr decrypt, Framing framing, int dcId) {
        this.wire = wire;
        this.encrypt = encrypt;
        this.decrypt = decrypt;
        this.framing = framing;
        this.dcId = dcId;
    }

    /**
     * A client header with fresh random bytes, regenerated until no forbidden prefix remains.
     *
     * @param framing the inner framing (not {@link Framing#FULL})
     * @param dcId the DC id written at bytes 60..62 (+10000 for test DCs, negative for media)
     * @param secret the 16-byte MTProxy key, or null for a direct connection
     * @return the header, with both streams ready
     */
    public static ObfuscatedHeader client(Framing framing, int dcId, byte[] secret) {
        byte[] init = new byte[LENGTH];
        do {
            TransportRandom.nextBytes(init);
        } while (isForbidden(init));
        return client(framing, dcId, secret, init);
    }

    /**
     * A client header from given random bytes (test vectors); bytes 56..62 are overwritten with the tag and DC.
     *
     * @param framing the inner framing (not {@link Framing#FULL})
     * @param dcId the DC id for bytes 60..62
     * @param secret the 16-byte MTProxy key, or null
     * @param random 64 random bytes, not modified
     * @return the header, with both streams ready
     */
    public static ObfuscatedHeader client(Framing framing, int dcId, byte[] secret, byte[] random) {
        if (!framing.supportsObfuscation()) {
            throw new IllegalArgumentException(framing + " framing cannot be obfuscated");
        }
        checkDc(dcId);
        if (random.length != LENGTH) {
            throw new IllegalArgumentException("init header needs 64 bytes");
        }
        byte[] init = random.clone();
        writeIntLe(init, 56, framing.obfuscationTag());
        init[60] = (byte) dcId;
        init[61] = (byte) (dcId >> 8);
        byte[] reversed = reversed(init);
        AesCtr encrypt = stream(init, secret);
        AesCtr decrypt = stream(reversed, secret);
        byte[] encrypted = init.clone();
        encrypt.apply(encrypted, 0, LENGTH);
        byte[] wire = init.clone();
        System.arraycopy(encrypted, 56, wire, 56, 8);
        Arrays.fill(encrypted, (byte) 0);
        return new ObfuscatedHeader(wire, encrypt, decrypt, framing, dcId);
    }

    /**
     * Accepts a header received by a server (or an MTProxy) and reads its tag and DC id.
     *
     * @param wire the 64 bytes as received, not modified
     * @param secret the 16-byte MTProxy key, or null for a direct server
     * @param checkPrefix whether to reject headers whose first words are forbidden (use when every
     *                    client must obfuscate, so a forbidden prefix can only be a mistake or a probe)
     * @return the header, with the server's streams positioned after it
     * @throws MalformedFrameException for a forbidden prefix or an unknown protocol tag
     */
    public static ObfuscatedHeader server(byte[] wire, byte[] secret, boolean checkPrefix) {
        if (wire.length != LENGTH) {
            throw new IllegalArgumentException("init header needs 64 bytes");
        }
        if (checkPrefix && isForbidden(wire)) {
            throw new MalformedFrameException(Reason.FORBIDDEN_PREFIX, "obfuscated2 header with a reserved prefix");
        }
        AesCtr decrypt = stream(wire, secret);
        AesCtr encrypt = stream(reversed(wire), secret);
        byte[] plain = wire.clone();
        decrypt.apply(plain, 0, LENGTH);
        int tag = readIntLe(plain, 56);
        int dcId = (short) ((plain[60] & 0xff) | (plain[61] << 8));
        Arrays.fill(plain, (byte) 0);
        Framing framing = Framing.fromObfuscationTag(tag);
        if (framing == null) {
            throw new MalformedFrameException(Reason.UNKNOWN_PROTOCOL_TAG, "obfuscated2 header names no known framing");
        }
        return new ObfuscatedHeader(wire.clone(), encrypt, decrypt, framing, dcId);
    }

    /**
     * Whether 64 init bytes must be regenerated (4.7 step 1): they could be mistaken for abridged,
     * intermediate, padded, HTTP, TLS or full transport.
     *
     * @param init at least 8 bytes
     * @return true when forbidden
     */
    public static boolean isForbidden(byte[] init) {
        if ((init[0] & 0xff) == 0xef) {
            return true;
        }
        int first = readIntLe(init, 0);
        switch (first) {
            case 0x44414548, 0x54534f50, 0x20544547, 0x4954504f, 0x02010316, 0xdddddddd, 0xeeeeeeee:
                return true;
            default:
                break;
        }
        return readIntLe(init, 4) == 0;
    }

    private static AesCtr stream(byte[] material, byte[] secret) {
        byte[] key = Arrays.copyOfRange(material, 8, 40);
        byte[] iv = Arrays.copyOfRange(material, 40, 56);
        if (secret != null) {
            key = sha256(key, secret);
        }
        AesCtr ctr = new AesCtr(key, iv);
        Arrays.fill(key, (byte) 0);
        return ctr;
    }

    static byte[] sha256(byte[] a, byte[] b) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(a);
            digest.update(b);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] reversed(byte[] in) {
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[in.length - 1 - i];
        }
        return out;
    }

    private static void checkDc(int dcId) {
        if (dcId < Short.MIN_VALUE || dcId > Short.MAX_VALUE) {
            throw new IllegalArgumentException("DC id must fit a signed 16-bit integer");
        }
    }

    static int readIntLe(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    private static void writeIntLe(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
        b[off + 2] = (byte) (v >> 16);
        b[off + 3] = (byte) (v >> 24);
    }

    /**
     * The 64 bytes to send first (client) or as received (server).
     *
     * @return a copy of the wire bytes
     */
    public byte[] wireBytes() {
        return wire.clone();
    }

    /**
     * The stream for bytes this end sends.
     *
     * @return the encrypt stream
     */
    public AesCtr encryptStream() {
        return encrypt;
    }

    /**
     * The stream for bytes this end receives.
     *
     * @return the decrypt stream
     */
    public AesCtr decryptStream() {
        return decrypt;
    }

    /**
     * The inner framing named by the protocol tag.
     *
     * @return the framing
     */
    public Framing framing() {
        return framing;
    }

    /**
     * The DC id from bytes 60..62 (signed int16).
     *
     * @return the DC id
     */
    public int dcId() {
        return dcId;
    }

    @Override
    public String toString() {
        return "ObfuscatedHeader[framing=" + framing + ", dcId=" + dcId + "]";
    }
}
