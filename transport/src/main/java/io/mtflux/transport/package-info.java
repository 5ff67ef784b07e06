/**
 * MTProto transports on Reactor Netty: packets over TCP or WebSocket, both ends. A client starts with
 * {@link io.mtflux.transport.MtprotoTransport#tcp()} or {@link io.mtflux.transport.MtprotoTransport#websocket()}
 * (immutable templates: framing, obfuscation, proxy, MTProxy, timeouts) and gets a
 * {@link io.mtflux.transport.FrameConnection}: a {@code Flux} of inbound frames and a way to send outbound ones. A
 * server starts with {@link io.mtflux.transport.MtprotoTransport#server()}, which detects each client's framing
 * and obfuscation from its first bytes. No TL and no auth keys here: {@code mtflux-core} puts MTProto messages in
 * the frames. Protocol reference: {@code docs/protocol.md} section 4.
 */
package io.mtflux.transport;
