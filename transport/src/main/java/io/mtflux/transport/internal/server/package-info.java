/**
 * Not API: the server side's connection sniffing, used only by {@code io.mtflux.transport.TransportServer} (the
 * testkit's fake DCs reach it through that class): {@link io.mtflux.transport.internal.server.ProtocolSniffer}
 * tells TCP, HTTP (WebSocket) and TLS apart on one port, {@link io.mtflux.transport.internal.server.FramingDetector}
 * picks the framing and obfuscation from a connection's first bytes (docs/protocol.md 4.9). It may change without
 * notice.
 */
package io.mtflux.transport.internal.server;
