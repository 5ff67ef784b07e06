package io.mtflux.core.handshake;

/** Which p_q_inner_data constructor a client sends (MTPROTO.md 3.1 step 4). */
public enum InnerDataVariant {
    /** {@code p_q_inner_data#83c95aec}: no dc field; legacy, still sent by GramJS and Telethon. */
    PLAIN,
    /** {@code p_q_inner_data_dc#a9f55f95}: a permanent key for a given dc. */
    DC,
    /** {@code p_q_inner_data_temp_dc#56fddf88}: a temporary (PFS) key with expires_in. */
    TEMP_DC
}
