package io.mtflux.core.client;

/**
 * A connection to a DC could not be made usable after {@link ClientOptions#maxConnectAttempts()} attempts in a
 * row: what {@link MtprotoClient#connect()} and the calls waiting for that DC fail with. Its two kinds tell a
 * network failure ({@link DcUnreachableException}: refused, unreachable, unknown host, timed out) from a server
 * that answered but failed the key exchange ({@link HandshakeFailedException}: unknown RSA key, failed security
 * check, no MTProto spoken). The connection itself keeps trying with the reconnect delay until the client is
 * closed. The message names the DC, the address and the cause; never a key or a secret.
 */
public abstract sealed class DcConnectException extends RuntimeException
    permits DcUnreachableException, HandshakeFailedException {
    private static final long serialVersionUID = 1L;

    /** The DC the client tried to reach. */
    private final int dcId;
    /** The host dialled. */
    private final String host;
    /** The port dialled. */
    private final int port;

    DcConnectException(int dcId, String host, int port, String message, Throwable cause) {
        super(message, cause);
        this.dcId = dcId;
        this.host = host;
        this.port = port;
    }

    /** {@return the DC the client tried to reach} */
    public int dcId() {
        return dcId;
    }

    /** {@return the host dialled (the DC's address, or the proxy's when there is one)} */
    public String host() {
        return host;
    }

    /** {@return the port dialled} */
    public int port() {
        return port;
    }

    /** {@code host:port}, an IPv6 address in brackets. */
    static String address(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
