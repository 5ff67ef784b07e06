package io.mtflux.core.crypto;

/** Why a cryptographic check failed. The reason is safe to log: it never describes secret values. */
public enum SecurityFailure {
    /** An encrypted packet names an auth_key_id other than the expected key's (docs/protocol.md 2.4 step 2). */
    AUTH_KEY_ID_MISMATCH,
    /** An encrypted packet is shorter than its header or its payload is not a multiple of 16 bytes (2.4 step 1). */
    BAD_PACKET_LENGTH,
    /** The msg_key recomputed over the decrypted plaintext differs from the one received (2.4 step 4). */
    MSG_KEY_MISMATCH,
    /** message_data_length is negative, not a multiple of 4, or runs past the plaintext (2.4 step 5). */
    BAD_MESSAGE_LENGTH,
    /** The padding is outside 12..1024 bytes (MTProto 2.0) or 0..15 bytes (MTProto 1.0 and the DH envelope). */
    BAD_PADDING_LENGTH,
    /** The decrypted session_id is not this session's (2.4 step 6). */
    SESSION_ID_MISMATCH,
    /** An input to RSA is not smaller than the modulus, or has the wrong size. */
    RSA_VALUE_OUT_OF_RANGE,
    /** The data to encrypt does not fit the RSA scheme (more than 144 bytes for RSA_PAD, 235 for legacy). */
    RSA_DATA_TOO_LONG,
    /** The SHA-256 inside an RSA_PAD block does not match (3.2 server step 6). */
    RSA_PAD_HASH_MISMATCH,
    /** No prefix of a legacy {@code sha1(data) || data || random} block matches its SHA-1. */
    LEGACY_RSA_HASH_MISMATCH,
    /** The SHA-1 of a DH envelope (encrypted_answer or client_DH_inner_data) does not match (3.3). */
    ENVELOPE_HASH_MISMATCH,
    /** dh_prime is not a 2048-bit safe prime (3.4). */
    DH_PRIME_INVALID,
    /** g is not one of 2..7 or does not generate the subgroup of order (p-1)/2 for this prime (3.4). */
    DH_GENERATOR_INVALID,
    /** g_a or g_b is outside [2^(2048-64), p - 2^(2048-64)] (3.4). */
    DH_VALUE_OUT_OF_RANGE,
    /** pq has no non-trivial factorization (it is prime, 0 or 1). */
    PQ_NOT_FACTORABLE,
    /** The SRP group is not one this client accepts (unknown prime or invalid generator, 7). */
    SRP_GROUP_REJECTED,
    /** srp_B is zero, not below p, or its byte length is outside 248..256 (7). */
    SRP_B_OUT_OF_RANGE,
    /** srp_A is zero or not below p (server side, 7). */
    SRP_A_OUT_OF_RANGE,
    /** The SRP scrambling parameter u is zero (7). */
    SRP_U_ZERO,
    /** The client's M1 does not match the one the server expects (7). */
    SRP_M1_MISMATCH,
    /** A key-exchange message carries a nonce other than this exchange's (docs/protocol.md 3.4). */
    HANDSHAKE_NONCE_MISMATCH,
    /** A key-exchange message carries a server_nonce other than this exchange's. */
    HANDSHAKE_SERVER_NONCE_MISMATCH,
    /** None of the server's RSA fingerprints is known, or the client named a key the server does not hold. */
    HANDSHAKE_UNKNOWN_FINGERPRINT,
    /** new_nonce_hash of server_DH_params_fail or dh_gen_ok/retry/fail does not match. */
    HANDSHAKE_NEW_NONCE_HASH_MISMATCH,
    /** The server answered server_DH_params_fail or dh_gen_fail, or retries ran out: start over. */
    HANDSHAKE_FAILED,
    /** A message arrived that this state of the exchange does not accept. */
    HANDSHAKE_UNEXPECTED_MESSAGE,
    /** An inner data object (p_q_inner_data*, server/client_DH_inner_data) is malformed or inconsistent. */
    HANDSHAKE_BAD_INNER_DATA,
    /** The client's p and q are not the factors of the pq the server sent. */
    HANDSHAKE_PQ_MISMATCH,
    /** The dc in p_q_inner_data_dc is not this server's (the server answers transport error -444). */
    HANDSHAKE_DC_MISMATCH
}
