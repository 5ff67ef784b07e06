package io.mtflux.transport;

import io.mtflux.transport.framing.Framing;
import java.util.Objects;

/**
 * What a connection speaks, as configured (client) or detected from its first bytes (server).
 *
 * @param framing the packet framing
 * @param obfuscated whether obfuscated2 wraps the framing
 * @param dcId the DC id from the obfuscated2 header (0 when the connection is not obfuscated); a direct
 *             server must not rely on it (https://core.telegram.org/mtproto/mtproto-transports#transport-obfuscation)
 * @param fakeTls whether the bytes travel inside fake-TLS records (MTProxy {@code ee} secrets)
 * @param carrier what carries the framed bytes: TCP, or WebSocket messages over TCP or TLS
 */
public record TransportInfo(Framing framing, boolean obfuscated, int dcId, boolean fakeTls, Carrier carrier) {

    /**
     * Checks that the framing and the carrier are set.
     *
     * @param framing the packet framing
     * @param obfuscated whether obfuscated2 wraps the framing
     * @param dcId the DC id from the obfuscated2 header, 0 when not obfuscated
     * @param fakeTls whether the bytes travel inside fake-TLS records
     * @param carrier what carries the framed bytes
     * @throws NullPointerException if {@code framing} or {@code carrier} is null
     */
    public TransportInfo {
        Objects.requireNonNull(framing, "framing");
        Objects.requireNonNull(carrier, "carrier");
    }

    /**
     * A connection carried by plain TCP.
     *
     * @param framing the packet framing
     * @param obfuscated whether obfuscated2 wraps the framing
     * @param dcId the DC id from the obfuscated2 header
     * @param fakeTls whether the bytes travel inside fake-TLS records
     */
    public TransportInfo(Framing framing, boolean obfuscated, int dcId, boolean fakeTls) {
        this(framing, obfuscated, dcId, fakeTls, Carrier.TCP);
    }
}
