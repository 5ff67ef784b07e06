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

    /**
     * An endpoint for API calls from {@code HOST:PORT} text, as a user types a server address: a host name or an
     * IPv4 address ({@code 149.154.167.50:443}, {@code localhost:8443}), or an IPv6 address in brackets
     * ({@code [::1]:443}, which gives an {@link #ipv6()} endpoint whose host has no brackets).
     *
     * @param dcId the DC id, positive
     * @param hostPort {@code HOST:PORT} or {@code [IPV6]:PORT}, the port from 1 to 65535
     * @return the endpoint, not media-only
     * @throws IllegalArgumentException if the DC id is not positive or the text is not such an address (the
     *     message says what was expected)
     */
    public static DcEndpoint parse(int dcId, String hostPort) {
        Objects.requireNonNull(hostPort, "hostPort");
        if (dcId <= 0) {
            throw new IllegalArgumentException("expected a positive DC id, got " + dcId);
        }
        String host;
        String port;
        boolean ipv6 = hostPort.startsWith("[");
        if (ipv6) {
            int close = hostPort.indexOf(']');
            if (close < 0 || close + 1 >= hostPort.length() || hostPort.charAt(close + 1) != ':'
                || hostPort.indexOf(':') > close || close == 1) {
                throw new IllegalArgumentException("expected [IPV6]:PORT, as [::1]:443, got '" + shown(hostPort) + "'");
            }
            host = hostPort.substring(1, close);
            port = hostPort.substring(close + 2);
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0 || hostPort.indexOf(']') >= 0) {
                throw new IllegalArgumentException("expected HOST:PORT (an IPv6 address in brackets, as [::1]:443),"
                    + " got '" + shown(hostPort) + "'");
            }
            host = hostPort.substring(0, colon);
            if (host.indexOf(':') >= 0) {
                throw new IllegalArgumentException("expected an IPv6 address in brackets, as [::1]:443, got '"
                    + shown(hostPort) + "'");
            }
            port = hostPort.substring(colon + 1);
        }
        if (host.isBlank() || !host.strip().equals(host)) {
            throw new IllegalArgumentException("expected a host before the port, got '" + shown(hostPort) + "'");
        }
        return new DcEndpoint(dcId, host, port(port, hostPort), false, ipv6);
    }

    private static int port(String text, String hostPort) {
        int port = -1;
        if (!text.isEmpty() && text.length() <= 5 && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            port = Integer.parseInt(text);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("expected a port from 1 to 65535 after the last ':', got '"
                + shown(hostPort) + "'");
        }
        return port;
    }

    /** The text as a message quotes it: at most 64 characters. */
    private static String shown(String text) {
        return text.length() > 64 ? text.substring(0, 61) + "..." : text;
    }
}
