package io.mtflux.core.store;

import java.util.Objects;

/**
 * One address of a DC, as {@code help.getConfig}'s {@code dcOption} lists it.
 *
 * @param dcId the DC id
 * @param host IPv4/IPv6 address or host name
 * @param port TCP port
 * @param mediaOnly only for file transfer
 * @param ipv6 an IPv6 address
 */
public record DcEndpoint(int dcId, String host, int port, boolean mediaOnly, boolean ipv6) {
    /**
     * Checks the values.
     *
     * @param dcId the DC id, positive
     * @param host the address or host name
     * @param port the TCP port, 1 to 65535
     * @param mediaOnly only for file transfer
     * @param ipv6 an IPv6 address
     * @throws IllegalArgumentException if the DC id or the port is out of range
     */
    public DcEndpoint {
        Objects.requireNonNull(host, "host");
        if (dcId <= 0 || port <= 0 || port > 65535) {
            throw new IllegalArgumentException("bad DC endpoint " + dcId + " " + host + ":" + port);
        }
    }

    /**
     * A plain IPv4 endpoint for API calls.
     *
     * @param dcId the DC id
     * @param host the address or host name
     * @param port the TCP port
     * @return the endpoint
     */
    public static DcEndpoint of(int dcId, String host, int port) {
        return new DcEndpoint(dcId, host, port, false, false);
    }
}
