/**
 * The auth-key exchange of docs/protocol.md section 3 as two pure state machines over the generated MTProto TL types:
 * {@link io.mtflux.core.handshake.ClientHandshake} (req_pq_multi to dh_gen_ok) and its mirror
 * {@link io.mtflux.core.handshake.ServerHandshake} (for the testkit's fake DC). They only transform messages:
 * wrapping them in unencrypted MTProto messages and moving bytes is the transport's job. Every CPU-heavy step has
 * an {@code Async} variant running on {@code Schedulers.parallel()}. Also the PFS binding of a temporary key
 * ({@link io.mtflux.core.handshake.TempKeyBinding}).
 */
package io.mtflux.core.handshake;
