package io.mtflux.core.crypto;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * MTProto 2.0 message encryption and decryption under one auth key (docs/protocol.md 2.2 to 2.4).
 *
 * <p>Wire form: {@code auth_key_id (8) | msg_key (16) | AES-256-IGE(plaintext || padding)}, with 12..1024
 * padding bytes bringing the plaintext to a multiple of 16. Decryption applies the receiver checks in this
 * order, each failure an {@link MtprotoSecurityException}: packet length, auth_key_id, then (after decrypting)
 * msg_key recomputed over the whole plaintext and compared in constant time, and only then the parsed lengths
 * and padding bounds, so that no parse result is observable before the msg_key is authenticated; the
 * session_id check is optional (the server learns sessions from clients).
 *
 * <p>Immutable and thread-safe; per-thread engines do the work.
 */
public final class MessageCipher {

    /** auth_key_id + msg_key. */
    public static final int ENVELOPE_HEADER_LENGTH = 24;
    /** salt + session_id + msg_id + seq_no + message_data_length. */
    public static final int PLAINTEXT_HEADER_LENGTH = 32;
    /** Smallest padding allowed. */
    public static final int MIN_PADDING = 12;
    /** Largest padding allowed. */
    public static final int MAX_PADDING = 1024;
    /** Random padding adds up to this many whole blocks beyond the minimum. */
    private static final int MAX_EXTRA_PADDING_BLOCKS = 8;
    private static final int MIN_PLAINTEXT = 48;

    private final AuthKey authKey;
    private final RandomSource random;
    private final boolean tolerateTrailingBytes;

    /**
     * A cipher with secure random padding.
     *
     * @param authKey the auth key
     */
    public MessageCipher(AuthKey authKey) {
        this(authKey, RandomSource.secure(), false);
    }

    /**
     * A cipher drawing padding from {@code random}.
     *
     * @param authKey the auth key
     * @param random the padding source
     */
    public MessageCipher(AuthKey authKey, RandomSource random) {
        this(authKey, random, false);
    }

    private MessageCipher(AuthKey authKey, RandomSource random, boolean tolerateTrailingBytes) {
        this.authKey = Objects.requireNonNull(authKey, "authKey");
        this.random = Objects.requireNonNull(random, "random");
        this.tolerateTrailingBytes = tolerateTrailingBytes;
    }

    /**
     * Returns a cipher that ignores up to 15 bytes after the last whole ciphertext block instead of rejecting
     * the packet, as the padded intermediate transport requires (docs/protocol.md 4.3; tdlib rounds down too).
     *
     * @return the tolerant cipher
     */
    public MessageCipher toleratingTrailingBytes() {
        return new MessageCipher(authKey, random, true);
    }

    /** @return the auth key */
    public AuthKey authKey() {
        return authKey;
    }

    /**
     * The padding length for a plaintext: at least 12 bytes, reaching a multiple of 16, plus 0..7 random
     * extra blocks (any length in 12..1024 is valid; a little randomness hides exact sizes).
     *
     * @param plaintextLength the plaintext length without padding
     * @return the padding length
     */
    public int paddingLength(int plaintextLength) {
        int minimal = MIN_PADDING + Math.floorMod(-(plaintextLength + MIN_PADDING), 16);
        return minimal + 16 * random.nextInt(MAX_EXTRA_PADDING_BLOCKS);
    }

    /**
     * Encrypts a plaintext ({@code salt | session_id | msg_id | seq_no | length | data}) with random padding.
     *
     * @param direction who sends it
     * @param plaintext the plaintext without padding
     * @return {@code auth_key_id | msg_key | encrypted_data}
     */
    public byte[] encrypt(MessageDirection direction, byte[] plaintext) {
        byte[] padding = random.bytes(paddingLength(plaintext.length));
        return encrypt(direction, plaintext, padding);
    }

    /**
     * Encrypts a plaintext with the given padding, which must be 12..1024 bytes and bring the plaintext to a
     * multiple of 16 (deterministic tests use this).
     *
     * @param direction who sends it
     * @param plaintext the plaintext without padding
     * @param padding the padding
     * @return {@code auth_key_id | msg_key | encrypted_data}
     */
    public byte[] encrypt(MessageDirection direction, byte[] plaintext, byte[] padding) {
        if (padding.length < MIN_PADDING || padding.length > MAX_PADDING
            || (plaintext.length + padding.length) % 16 != 0) {
            throw new IllegalArgumentException("padding must be 12..1024 bytes and complete a multiple of 16");
        }
        byte[] out = new byte[ENVELOPE_HEADER_LENGTH + plaintext.length + padding.length];
        System.arraycopy(plaintext, 0, out, ENVELOPE_HEADER_LENGTH, plaintext.length);
        System.arraycopy(padding, 0, out, ENVELOPE_HEADER_LENGTH + plaintext.length, padding.length);
        seal(direction, Unpooled.wrappedBuffer(out), 0, plaintext.length + padding.length);
        return out;
    }

    /**
     * Encrypts in place. On entry the buffer's readable bytes are 24 reserved bytes followed by the plaintext
     * without padding; on return random padding has been appended (the buffer grows if needed), the 24 bytes
     * hold auth_key_id and msg_key, and everything after them is ciphertext. No copy is made of the plaintext.
     *
     * @param direction who sends it
     * @param buf the buffer, laid out as above
     */
    public void encryptInPlace(MessageDirection direction, ByteBuf buf) {
        int plaintextLength = buf.readableBytes() - ENVELOPE_HEADER_LENGTH;
        if (plaintextLength < 0) {
            throw new IllegalArgumentException("buffer must start with 24 reserved bytes");
        }
        byte[] padding = random.bytes(paddingLength(plaintextLength));
        buf.writeBytes(padding);
        seal(direction, buf, buf.readerIndex(), plaintextLength + padding.length);
    }

    /**
     * Encrypts an already padded plaintext with no checks at all; tests use it to build malformed packets.
     */
    byte[] encryptUnchecked(MessageDirection direction, byte[] plaintextWithPadding) {
        byte[] out = new byte[ENVELOPE_HEADER_LENGTH + plaintextWithPadding.length];
        System.arraycopy(plaintextWithPadding, 0, out, ENVELOPE_HEADER_LENGTH, plaintextWithPadding.length);
        seal(direction, Unpooled.wrappedBuffer(out), 0, plaintextWithPadding.length);
        return out;
    }

    private void seal(MessageDirection direction, ByteBuf buf, int start, int paddedLength) {
        int plainIndex = start + ENVELOPE_HEADER_LENGTH;
        byte[] msgKey = computeMsgKey(direction.x(), buf, plainIndex, paddedLength);
        buf.setBytes(start, authKey.idBytes());
        buf.setBytes(start + 8, msgKey);
        AesKeyIv keyIv = MessageKdf.derive(authKey.raw(), msgKey, 0, direction.x());
        AesIge.local().encryptInPlace(keyIv.key(), keyIv.iv(), buf, plainIndex, paddedLength);
    }

    /**
     * Decrypts and verifies a packet, without a session check (the server side).
     *
     * @param direction who sent it
     * @param packet {@code auth_key_id | msg_key | encrypted_data} (not modified)
     * @return the verified message
     * @throws MtprotoSecurityException if any check fails
     */
    public DecryptedMessage decrypt(MessageDirection direction, byte[] packet) {
        return decryptInPlace(direction, Unpooled.wrappedBuffer(packet.clone()));
    }

    /**
     * Decrypts and verifies a packet and checks that it belongs to {@code expectedSessionId} (the client side).
     *
     * @param direction who sent it
     * @param packet {@code auth_key_id | msg_key | encrypted_data} (not modified)
     * @param expectedSessionId this client's session id
     * @return the verified message
     * @throws MtprotoSecurityException if any check fails
     */
    public DecryptedMessage decrypt(MessageDirection direction, byte[] packet, long expectedSessionId) {
        return requireSession(decrypt(direction, packet), expectedSessionId);
    }

    /**
     * Decrypts the buffer's readable bytes in place and verifies them; the returned body is a slice of
     * {@code packet}. The buffer's indexes are unchanged. On failure the decrypted bytes are wiped.
     *
     * @param direction who sent it
     * @param packet the packet
     * @return the verified message
     * @throws MtprotoSecurityException if any check fails
     */
    public DecryptedMessage decryptInPlace(MessageDirection direction, ByteBuf packet) {
        int start = packet.readerIndex();
        int encryptedLength = packet.readableBytes() - ENVELOPE_HEADER_LENGTH;
        if (tolerateTrailingBytes && encryptedLength > 0) {
            encryptedLength -= encryptedLength % 16;
        }
        if (encryptedLength < MIN_PLAINTEXT || encryptedLength % 16 != 0) {
            throw new MtprotoSecurityException(SecurityFailure.BAD_PACKET_LENGTH,
                "packet of " + packet.readableBytes() + " bytes");
        }
        if (packet.getLongLE(start) != authKey.id()) {
            throw new MtprotoSecurityException(SecurityFailure.AUTH_KEY_ID_MISMATCH);
        }
        byte[] msgKey = new byte[MessageKdf.MSG_KEY_LENGTH];
        packet.getBytes(start + 8, msgKey);
        int x = direction.x();
        AesKeyIv keyIv = MessageKdf.derive(authKey.raw(), msgKey, 0, x);
        int plainIndex = start + ENVELOPE_HEADER_LENGTH;
        AesIge.local().decryptInPlace(keyIv.key(), keyIv.iv(), packet, plainIndex, encryptedLength);
        byte[] expected = computeMsgKey(x, packet, plainIndex, encryptedLength);
        if (!MessageDigest.isEqual(expected, msgKey)) {
            packet.setZero(plainIndex, encryptedLength);
            throw new MtprotoSecurityException(SecurityFailure.MSG_KEY_MISMATCH);
        }
        int dataLength = packet.getIntLE(plainIndex + 28);
        int room = encryptedLength - PLAINTEXT_HEADER_LENGTH;
        if (dataLength < 0 || dataLength % 4 != 0 || dataLength > room) {
            packet.setZero(plainIndex, encryptedLength);
            throw new MtprotoSecurityException(SecurityFailure.BAD_MESSAGE_LENGTH,
                "message_data_length " + dataLength + " in a plaintext of " + encryptedLength + " bytes");
        }
        int padding = room - dataLength;
        if (padding < MIN_PADDING || padding > MAX_PADDING) {
            packet.setZero(plainIndex, encryptedLength);
            throw new MtprotoSecurityException(SecurityFailure.BAD_PADDING_LENGTH, padding + " padding bytes");
        }
        return new DecryptedMessage(
            packet.getLongLE(plainIndex),
            packet.getLongLE(plainIndex + 8),
            packet.getLongLE(plainIndex + 16),
            packet.getIntLE(plainIndex + 24),
            packet.slice(plainIndex + PLAINTEXT_HEADER_LENGTH, dataLength),
            padding);
    }

    /**
     * {@link #decryptInPlace(MessageDirection, ByteBuf)} plus the session check.
     *
     * @param direction who sent it
     * @param packet the packet
     * @param expectedSessionId this client's session id
     * @return the verified message
     * @throws MtprotoSecurityException if any check fails
     */
    public DecryptedMessage decryptInPlace(MessageDirection direction, ByteBuf packet, long expectedSessionId) {
        return requireSession(decryptInPlace(direction, packet), expectedSessionId);
    }

    /**
     * Throws unless the message belongs to the expected session.
     *
     * @param message a verified message
     * @param expectedSessionId the session id it must carry
     * @return the message
     * @throws MtprotoSecurityException with {@link SecurityFailure#SESSION_ID_MISMATCH}
     */
    public static DecryptedMessage requireSession(DecryptedMessage message, long expectedSessionId) {
        if (message.sessionId() != expectedSessionId) {
            throw new MtprotoSecurityException(SecurityFailure.SESSION_ID_MISMATCH);
        }
        return message;
    }

    private byte[] computeMsgKey(int x, ByteBuf buf, int index, int length) {
        MessageDigest md = Sha.sha256Digest();
        md.update(authKey.raw(), 88 + x, 32);
        if (buf.hasArray()) {
            md.update(buf.array(), buf.arrayOffset() + index, length);
        } else {
            for (ByteBuffer part : buf.nioBuffers(index, length)) {
                md.update(part);
            }
        }
        byte[] large = md.digest();
        return Arrays.copyOfRange(large, 8, 24);
    }

    @Override
    public String toString() {
        return "MessageCipher[" + authKey + "]";
    }
}
