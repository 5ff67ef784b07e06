package io.mtflux.core.tl;

/**
 * A TL function (an RPC method) whose answer has the Java type {@code R}: {@code client.invoke(new AuthSendCode(..))}
 * yields an {@code AuthSentCode} without casts.
 *
 * @param <R> the result type
 */
public interface TlMethod<R> extends TlObject {

    /**
     * Reads this method's result (the boxed form of its return type) from an {@code rpc_result}.
     *
     * @param reader the reader, positioned at the result
     * @return the result
     * @throws TlDecodeException if the bytes are not a valid result of this method
     */
    R readResult(TlReader reader);
}
