/**
 * Not API: the MTProto session engine under {@link io.mtflux.core.client.MtprotoClient}. {@link
 * io.mtflux.core.internal.session.MessageSession} keeps one session's msg_ids, seq_nos, acks, containers, salts and
 * re-sends (docs/protocol.md 2); {@link io.mtflux.core.internal.session.MessageCodec} reads and writes the plain and
 * inner message layouts. The client's DC connections and the testkit's server use them; anything here may change or
 * disappear without notice, and applications must not use it.
 */
package io.mtflux.core.internal.session;
