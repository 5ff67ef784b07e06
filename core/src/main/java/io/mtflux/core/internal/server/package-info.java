/**
 * Not API: the server halves of the protocol, for mtflux's own fake Telegram DC. The testkit
 * ({@code io.mtflux.testkit.server} and {@code io.mtflux.testkit.api}) composes them, the benchmarks measure them
 * and core's tests run them against the client halves: {@link io.mtflux.core.internal.server.ServerHandshake} with
 * {@link io.mtflux.core.internal.server.ServerHandshakeSettings} (the key exchange, docs/protocol.md 3) and
 * {@link io.mtflux.core.internal.server.SrpServer} (the server side of two-step verification, docs/protocol.md 7).
 * They may change or disappear without notice; applications must not use them.
 */
package io.mtflux.core.internal.server;
