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
    public DcEndpoint {
        Objects.requireNonNull(host, "host");
        if (dcId <= 0 || port <= 0 || port > 65535) {
            throw new IllegalArgumentException("bad DC endpoint " + dcId + " " + host + ":" + port);
        }
    }

    /** A plain IPv4 endpoint for API calls. */
    public static DcEndpoint of(int dcId, String host, int port) {
        return new DcEndpoint(dcId, host, port, false, false);
    }
}
