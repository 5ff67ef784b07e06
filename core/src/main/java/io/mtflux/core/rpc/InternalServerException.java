package io.mtflux.core.rpc;

/** Code 500 (or negative): a server-side failure worth retrying with backoff ({@code RPC_CALL_FAIL},
 * {@code AUTH_RESTART}, {@code TIMEOUT}, ...). */
public class InternalServerException extends RpcException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param code the error code (500, or negative)
     * @param errorMessage the message as the server sent it
     */
    public InternalServerException(int code, String errorMessage) {
        super(code, errorMessage);
    }
}
