package io.mtflux.core.handshake;

/**
 * Which p_q_inner_data constructor a client sends (https://core.telegram.org/mtproto/auth_key, step 4; temporary
 * keys: https://core.telegram.org/api/pfs).
 */
public enum InnerDataVariant {
    /** {@code p_q_inner_data#83c95aec}: no dc field; legacy, still sent by GramJS and Telethon. */
    PLAIN,
    /** {@code p_q_inner_data_dc#a9f55f95}: a permanent key for a given dc. */
    DC,
    /** {@code p_q_inner_data_temp#3c6a84d4}: a temporary (PFS) key with expires_in and no dc field; legacy. */
    TEMP,
    /** {@code p_q_inner_data_temp_dc#56fddf88}: a temporary (PFS) key for a given dc, with expires_in. */
    TEMP_DC;

    /** @return whether this constructor creates a temporary key (it then carries expires_in) */
    public boolean temporary() {
        return this == TEMP || this == TEMP_DC;
    }

    /** @return whether this constructor carries the dc field */
    public boolean carriesDc() {
        return this == DC || this == TEMP_DC;
    }
}
