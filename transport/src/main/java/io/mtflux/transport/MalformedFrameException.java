package io.mtflux.transport;

import io.netty.handler.codec.DecoderException;

/**
 * Bytes from the network that break the transport's framing rules. The connection that received them
 * is closed; other connections on the same event loop are unaffected. The message never holds key material.
 *
 * <p>It extends Netty's {@link DecoderException} so that Netty's decoders pass it through unwrapped.
 */
public final class MalformedFrameException extends DecoderException {

    private static final long serialVersionUID = 1L;

    /** What was wrong with the input. */
    public enum Reason {
        /** A length larger than the configured maximum frame size. */
        FRAME_TOO_LARGE,
        /** A negative, too small or otherwise impossible length field. */
        BAD_LENGTH,
        /** Full transport: the CRC32 does not match the frame. */
        CRC_MISMATCH,
        /** Full transport: the packet counter is not the expected one. */
        SEQNO_MISMATCH,
        /** The connection ended in the middle of a header or a frame. */
        TRUNCATED,
        /** An obfuscated2 init header whose first words are reserved for other protocols. */
        FORBIDDEN_PREFIX,
        /** An obfuscated2 init header whose decrypted protocol tag names no known framing. */
        UNKNOWN_PROTOCOL_TAG,
        /** The first bytes of a connection match no supported transport (e.g. plain HTTP). */
        UNSUPPORTED_PROTOCOL,
        /** A fake-TLS record or handshake that does not verify. */
        BAD_TLS,
        /** A payload the framing cannot carry (e.g. abridged needs a multiple of 4). */
        BAD_PAYLOAD
    }

    /** What is wrong with the frame. */
    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason what was wrong
     * @param detail a human-readable detail, never containing secrets
     */
    public MalformedFrameException(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    /**
     * What was wrong with the input.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
