package io.mtflux.core.rpc;

import java.util.OptionalLong;

/**
 * An {@code rpc_error} from the server, as data: the HTTP-like code, the raw message ({@code FLOOD_WAIT_31}),
 * its pattern ({@code FLOOD_WAIT_X}) and the number embedded in it (31). Callers branch on the subclasses for
 * the families that need handling ({@link FloodWaitException}, {@link MigrateException},
 * {@link UnauthorizedException}, {@link AuthKeyDuplicatedException}, {@link InternalServerException});
 * {@link #of(int, String)} picks the type.
 */
public class RpcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The error code. */
    private final int code;
    /** The message as the server sent it. */
    private final String errorMessage;
    /** The message with its number replaced by {@code X}. */
    private final String errorType;
    /** The number in the message, when {@link #hasParameter}. */
    private final long parameter;
    /** Whether the message has a number. */
    private final boolean hasParameter;

    /**
     * Creates the exception for an {@code rpc_error}; {@link #of(int, String)} picks the most specific type.
     *
     * @param code the error code
     * @param errorMessage the error message, e.g. {@code FLOOD_WAIT_31}
     */
    public RpcException(int code, String errorMessage) {
        super(code + " " + errorMessage, null, false, false);
        this.code = code;
        this.errorMessage = errorMessage;
        ParsedName parsed = ParsedName.parse(errorMessage);
        this.errorType = parsed.type();
        this.parameter = parsed.parameter();
        this.hasParameter = parsed.hasParameter();
    }

    /**
     * Builds the most specific exception for an {@code rpc_error}. Matches on the message first, as Telegram's
     * codes for one message vary.
     *
     * @param code the error code
     * @param errorMessage the error message
     * @return the exception, a subclass when one fits
     */
    public static RpcException of(int code, String errorMessage) {
        ParsedName parsed = ParsedName.parse(errorMessage);
        if (parsed.hasParameter() && FloodWaitException.isFloodWait(parsed.type())) {
            return new FloodWaitException(code, errorMessage);
        }
        if (parsed.hasParameter() && MigrateException.kindOf(parsed.type()) != null) {
            return new MigrateException(code, errorMessage);
        }
        if (AuthKeyDuplicatedException.MESSAGE.equals(errorMessage)) {
            return new AuthKeyDuplicatedException(code, errorMessage);
        }
        if (code == 401) {
            return new UnauthorizedException(code, errorMessage);
        }
        if (code == 500 || code < 0) {
            return new InternalServerException(code, errorMessage);
        }
        return new RpcException(code, errorMessage);
    }

    /** {@return the HTTP-like error class: 303, 400, 401, 403, 404, 406, 420, 500 (or negative)} */
    public int code() {
        return code;
    }

    /** {@return the message as the server sent it, e.g. {@code FLOOD_WAIT_31}} */
    public String errorMessage() {
        return errorMessage;
    }

    /**
     * {@return the message with its number replaced by {@code X}, e.g. {@code FLOOD_WAIT_X}; else the message itself}
     */
    public String errorType() {
        return errorType;
    }

    /** {@return the number embedded in the message ({@code 31} in {@code FLOOD_WAIT_31}), if any} */
    public OptionalLong parameter() {
        return hasParameter ? OptionalLong.of(parameter) : OptionalLong.empty();
    }

    /** Splits {@code INTERDC_2_CALL_ERROR} into {@code INTERDC_X_CALL_ERROR} and 2 (the first all-digit part). */
    record ParsedName(String type, long parameter, boolean hasParameter) {
        static ParsedName parse(String message) {
            String[] parts = message.split("_", -1);
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i];
                if (!part.isEmpty() && part.length() <= 18 && part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    parts[i] = "X";
                    return new ParsedName(String.join("_", parts), Long.parseLong(part), true);
                }
            }
            return new ParsedName(message, 0, false);
        }
    }
}
