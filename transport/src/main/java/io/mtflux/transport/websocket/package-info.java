/**
 * The server side of the WebSocket transport (https://core.telegram.org/mtproto/transports#websocket):
 * {@link io.mtflux.transport.websocket.WebSocketEndpoint} upgrades an HTTP request on the MTProto port to a
 * WebSocket with the subprotocol {@code binary} and feeds its binary messages, as one byte stream, to the framing
 * detector. The client side is {@link io.mtflux.transport.WebSocketTransportClient}.
 */
package io.mtflux.transport.websocket;
