package io.mtflux.core.crypto;

import java.util.Objects;

/**
 * A cryptographic check failed: the bytes at hand must be dropped and no key material derived from them used.
 *
 * <p>The message names the failed check only; it never contains keys, passwords, nonces or plaintext.
 */
public final class MtprotoSecurityException extends SecurityException {

    private static final long serialVersionUID = 1L;

    /** The check that failed. */
    private final SecurityFailure reason;

    /**
     * Creates the exception.
     *
     * @param reason the failed check
     * @param detail a description safe to log (no secret values)
     */
    public MtprotoSecurityException(SecurityFailure reason, String detail) {
        super(Objects.requireNonNull(reason, "reason") + ": " + detail);
        this.reason = reason;
    }

    /**
     * Creates the exception without further detail.
     *
     * @param reason the failed check
     */
    public MtprotoSecurityException(SecurityFailure reason) {
        super(Objects.requireNonNull(reason, "reason").name());
        this.reason = reason;
    }

    /** @return which check failed */
    public SecurityFailure reason() {
        return reason;
    }
}
