/**
 * The client side of the auth-key exchange of docs/protocol.md section 3 as a pure state machine over the generated
 * MTProto TL types: {@link io.mtflux.core.handshake.ClientHandshake} (req_pq_multi to dh_gen_ok). Its mirror, the
 * server half the testkit's fake DC runs, is {@code io.mtflux.core.internal.server.ServerHandshake} (not API).
 * Both only transform messages: wrapping them in unencrypted MTProto messages and moving bytes is the transport's
 * job. Every CPU-heavy step has an {@code Async} variant running on {@code Schedulers.parallel()}. Also the PFS
 * binding of a temporary key ({@link io.mtflux.core.handshake.TempKeyBinding}).
 */
package io.mtflux.core.handshake;
