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

    public static void nonce(byte[] expected, byte[] actual) {
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new MtprotoSecurityException(SecurityFailure.HANDSHAKE_NONCE_MISMATCH);
        }
    }

    public static void serverNonce(byte[] expected, byte[] actual) {
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new MtprotoSecurityException(SecurityFailure.HANDSHAKE_SERVER_NONCE_MISMATCH);
        }
    }

    /** Parses exactly one object filling {@code bytes}; any TL error is a bad inner data. */
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

    public static MtprotoSecurityException unexpected(Object message, String state) {
        return new MtprotoSecurityException(SecurityFailure.HANDSHAKE_UNEXPECTED_MESSAGE,
            (message == null ? "null" : message.getClass().getSimpleName()) + " in state " + state);
    }
}
