/**
 * Not API: pieces both halves of the protocol share, public only because the client half (in
 * {@code io.mtflux.core.handshake} and {@code io.mtflux.core.crypto}) and the server half (in
 * {@code io.mtflux.core.internal.server}) live in different packages. {@link io.mtflux.core.internal.HandshakeChecks}
 * (nonce and inner-data checks of the key exchange), {@link io.mtflux.core.internal.PqInnerDataTemp} (the
 * hand-written {@code p_q_inner_data_temp}) and {@link io.mtflux.core.internal.SrpMath} (the SRP formulas of
 * docs/protocol.md 7). Anything here may change or disappear without notice; applications must not use it.
 */
package io.mtflux.core.internal;
