package io.mtflux.core.rpc;

/**
 * A call that was sent more than once (re-sent by the session after the server lost track of it, or retried after a
 * 500 or a flood wait, or sent again after a migration or a new key binding) was answered
 * {@code 400 RANDOM_ID_DUPLICATE}: the server had already executed it (the message is sent, the action done) and
 * refused to do it a second time, but the answer of that execution was lost on the way. The call's effect happened
 * exactly once; only its result is unknown to the caller, who must look it up (e.g. the message in the dialog's
 * history or the updates) rather than call again with a new random_id.
 *
 * <p>A {@code RANDOM_ID_DUPLICATE} on a call's first and only send is not this exception but a plain
 * {@link RpcException}: the application used a random_id twice.
 */
public class AlreadyExecutedException extends RpcException {
    private static final long serialVersionUID = 1L;

    /** The message the server answers a repeated random_id with. */
    public static final String MESSAGE = "RANDOM_ID_DUPLICATE";

    /** The TL name of the call the server executed (part of the serialized form). */
    private final String method;

    /**
     * Creates the exception.
     *
     * @param code the error code (400)
     * @param method the TL name of the call, e.g. {@code messages.sendMessage}
     */
    public AlreadyExecutedException(int code, String method) {
        super(code, MESSAGE);
        this.method = method;
    }

    /**
     * What a re-sent call's error means: {@code RANDOM_ID_DUPLICATE} becomes this exception, anything else stays.
     *
     * @param error the error a re-sent call failed with
     * @param method the TL name of the call
     * @return this exception for {@code RANDOM_ID_DUPLICATE}, otherwise {@code error} itself
     */
    public static Throwable ofResent(Throwable error, String method) {
        if (error instanceof RpcException rpc && !(error instanceof AlreadyExecutedException)
            && MESSAGE.equals(rpc.errorMessage())) {
            return new AlreadyExecutedException(rpc.code(), method);
        }
        return error;
    }

    /** {@return the TL name of the call that was executed, e.g. {@code messages.sendMessage}} */
    public String method() {
        return method;
    }

    @Override
    public String getMessage() {
        return code() + " " + MESSAGE + ": " + method + " was executed by the server, but its answer was lost";
    }
}
