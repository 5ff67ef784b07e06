package io.mtflux.transport;

import io.mtflux.transport.framing.Framing;

/**
 * What a connection speaks, as configured (client) or detected from its first bytes (server).
 *
 * @param framing the packet framing
 * @param obfuscated whether obfuscated2 wraps the framing
 * @param dcId the DC id from the obfuscated2 header (0 when the connection is not obfuscated); a direct
 *             server must not rely on it (docs/protocol.md 4.7 step 3)
 * @param fakeTls whether the bytes travel inside fake-TLS records (MTProxy {@code ee} secrets)
 */
public record TransportInfo(Framing framing, boolean obfuscated, int dcId, boolean fakeTls) {
}
