package io.mtflux.core.tl;

/**
 * A TL function (an RPC method) whose answer has the Java type {@code R}: {@code client.invoke(new AuthSendCode(..))}
 * yields an {@code AuthSentCode} without casts.
 *
 * @param <R> the result type
 */
public interface TlMethod<R> extends TlObject {

    /** Reads this method's result (the boxed form of its return type) from an {@code rpc_result}. */
    R readResult(TlReader reader);
}
