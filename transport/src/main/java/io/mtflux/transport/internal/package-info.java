/**
 * Not API: the transport's own plumbing, public only because the client and server entry points
 * ({@code TcpTransportClient}, {@code WebSocketTransportClient}, {@code TransportServer}) and the WebSocket adapter
 * live in other packages of this module: pipeline assembly, the demand-driven inbound bridge, per-channel state and
 * handler names. Nothing outside {@code mtflux-transport} uses it; it may change without notice.
 */
package io.mtflux.transport.internal;
