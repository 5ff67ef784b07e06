package io.mtflux.core.client;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

/**
 * No connection could be opened to a DC's address: refused, unreachable, unknown host or timed out, as often as
 * {@link ClientOptions#maxConnectAttempts()} allows in a row. The message names the host and port dialled (the
 * proxy's when the connection goes through one) and what went wrong; the network error is the cause.
 */
public final class DcUnreachableException extends DcConnectException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param dcId the DC
     * @param host the host dialled
     * @param port the port dialled
     * @param cause the network error of the last attempt
     */
    public DcUnreachableException(int dcId, String host, int port, Throwable cause) {
        super(dcId, host, port, "DC " + dcId + ": cannot connect to " + address(host, port) + ": "
            + describe(cause), cause);
    }

    /**
     * Whether {@code error} is a failure to open a connection (refused, unreachable, unknown host, a connect or
     * proxy timeout) rather than a fault of an opened one.
     *
     * @param error an error of a connect attempt
     * @return whether it is a network failure
     */
    public static boolean isNetworkFailure(Throwable error) {
        return error instanceof ConnectException || error instanceof UnknownHostException
            || error instanceof NoRouteToHostException;
    }

    private static String describe(Throwable cause) {
        if (cause instanceof UnknownHostException) {
            return "unknown host";
        }
        if (cause instanceof NoRouteToHostException) {
            return "no route to host";
        }
        String message = cause == null ? null : cause.getMessage();
        if (message == null) {
            return cause == null ? "failed" : cause.getClass().getSimpleName();
        }
        // Netty's: "finishConnect(..) failed with error(-111): Connection refused: /127.0.0.1:1"; the address is
        // named already, the words after the last colon say what happened
        String words = message.replaceFirst(": [^ ]*/[^ ]*$", "");
        int colon = words.lastIndexOf(": ");
        return (colon >= 0 ? words.substring(colon + 2) : words).toLowerCase(java.util.Locale.ROOT);
    }
}
