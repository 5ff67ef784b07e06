package io.mtflux.auth;

import io.mtflux.core.rpc.RpcException;

/**
 * Maps the {@code rpc_error}s a login branches on to their own types (matched on the message, as Telegram's codes
 * for one message vary); every other error stays as it is ({@code FloodWaitException}, {@code MigrateException},
 * plain {@code RpcException}).
 */
public final class AuthErrors {
    private AuthErrors() {
    }

    /**
     * The typed form of {@code error}, or {@code error} itself.
     *
     * @param error any error of a login call
     * @return the typed exception, or {@code error} itself
     */
    public static Throwable typed(Throwable error) {
        if (!(error instanceof RpcException rpc)) {
            return error;
        }
        int code = rpc.code();
        String message = rpc.errorMessage();
        return switch (message) {
            case "PHONE_CODE_EMPTY" -> new PhoneCodeEmptyException(code, message);
            case "PHONE_CODE_EXPIRED" -> new PhoneCodeExpiredException(code, message);
            case "PHONE_CODE_INVALID" -> new PhoneCodeInvalidException(code, message);
            case "PHONE_NUMBER_INVALID" -> new PhoneNumberInvalidException(code, message);
            case "PHONE_NUMBER_UNOCCUPIED" -> new PhoneNumberUnoccupiedException(code, message);
            case "PHONE_NUMBER_BANNED" -> new PhoneNumberBannedException(code, message);
            case "SESSION_PASSWORD_NEEDED" -> new SessionPasswordNeededException(code, message);
            case "PASSWORD_HASH_INVALID" -> new PasswordHashInvalidException(code, message);
            case "ACCESS_TOKEN_INVALID", "ACCESS_TOKEN_EXPIRED" -> new AccessTokenInvalidException(code, message);
            case "AUTH_RESTART" -> new AuthRestartException(code, message);
            case "SEND_CODE_UNAVAILABLE" -> new SendCodeUnavailableException(code, message);
            default -> error;
        };
    }

    /**
     * The error name of a login failure, for metrics and status pages: an {@code rpc_error}'s message with its
     * number dropped ({@code FLOOD_WAIT_31} gives {@code FLOOD_WAIT}, {@code PHONE_MIGRATE_2} gives
     * {@code PHONE_MIGRATE}), this library's login errors' names ({@code LOGIN_ATTEMPTS_EXCEEDED}), or the simple
     * class name of any other error. Never contains a secret.
     *
     * @param error any error
     * @return its name
     */
    public static String errorName(Throwable error) {
        if (error instanceof RpcException rpc) {
            String type = rpc.errorType();
            return type.endsWith("_X") ? type.substring(0, type.length() - 2) : type;
        }
        return error.getClass().getSimpleName();
    }
}
