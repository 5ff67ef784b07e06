package io.mtflux.core.internal.session;

/** Where the answer to one request goes: exactly one of the two methods is called, once. */
public interface RequestSink {

    /**
     * The decoded result.
     *
     * @param result the result, as its method's {@code readResult} read it
     */
    void success(Object result);

    /**
     * An {@code rpc_error} as {@code RpcException}, or a protocol failure.
     *
     * @param error the failure
     */
    void error(Throwable error);
}
