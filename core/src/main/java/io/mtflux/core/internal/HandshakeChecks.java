package io.mtflux.core.internal;

import io.mtflux.core.crypto.MtprotoSecurityException;
import io.mtflux.core.crypto.SecurityFailure;
import io.mtflux.core.tl.TlDecodeException;
import io.mtflux.core.tl.TlReader;
import java.security.MessageDigest;

/** Small checks shared by both halves of the exchange. */
public final class HandshakeChecks {

    private HandshakeChecks() {
    }

    /**
     * Checks, in constant time, that a message carries the exchange's nonce.
     *
     * @param expected the nonce of this exchange
     * @param actual the nonce the message carries
     * @throws MtprotoSecurityException with {@code HANDSHAKE_NONCE_MISMATCH} if they differ
     */
    public static void nonce(byte[] expected, byte[] actual) {
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new MtprotoSecurityException(SecurityFailure.HANDSHAKE_NONCE_MISMATCH);
        }
    }

    /**
     * Checks, in constant time, that a message carries the exchange's server_nonce.
     *
     * @param expected the server_nonce of this exchange
     * @param actual the server_nonce the message carries
     * @throws MtprotoSecurityException with {@code HANDSHAKE_SERVER_NONCE_MISMATCH} if they differ
     */
    public static void serverNonce(byte[] expected, byte[] actual) {
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new MtprotoSecurityException(SecurityFailure.HANDSHAKE_SERVER_NONCE_MISMATCH);
        }
    }

    /**
     * Parses exactly one object filling {@code bytes}; any TL error is a bad inner data.
     *
     * @param <T> the object's type
     * @param bytes the serialized object
     * @param reader reads it
     * @param what names it in the error
     * @return the object
     * @throws MtprotoSecurityException with {@code HANDSHAKE_BAD_INNER_DATA} if the bytes are not exactly one object
     */
    public static <T> T parseExactly(byte[] bytes, TlReader.ElementReader<T> reader, String what) {
        try {
            TlReader in = new TlReader(bytes);
            T value = reader.read(in);
            in.expectEnd();
            return value;
        } catch (TlDecodeException | IllegalArgumentException e) {
            throw new MtprotoSecurityException(SecurityFailure.HANDSHAKE_BAD_INNER_DATA, "malformed " + what);
        }
    }

    /**
     * The error for a message the state machine does not expect now.
     *
     * @param message the message, or null
     * @param state the state machine's state
     * @return the exception, with {@code HANDSHAKE_UNEXPECTED_MESSAGE}, for the caller to throw
     */
    public static MtprotoSecurityException unexpected(Object message, String state) {
        return new MtprotoSecurityException(SecurityFailure.HANDSHAKE_UNEXPECTED_MESSAGE,
            (message == null ? "null" : message.getClass().getSimpleName()) + " in state " + state);
    }
}
