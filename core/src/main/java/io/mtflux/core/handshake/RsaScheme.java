package io.mtflux.core.handshake;

/** How p_q_inner_data is RSA-encrypted (docs/protocol.md 3.2). */
public enum RsaScheme {
    /** RSA_PAD, mandatory since 2021. */
    RSA_PAD,
    /** {@code SHA1(data) || data || random}, pre-2021, still used by Telethon v1 and @mtproto/core. */
    LEGACY
}
