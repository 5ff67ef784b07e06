package io.mtflux.web;

import io.mtflux.accounts.UnknownAccountException;
import io.mtflux.auth.LoginAttemptsExceededException;
import io.mtflux.auth.LoginStepException;
import io.mtflux.auth.NoPendingLoginException;
import io.mtflux.core.rpc.FloodWaitException;
import io.mtflux.core.rpc.RpcException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The login API's errors as the contract has them: a status, the error's name and a message with no secret in it
 * (the messages are ours, never an RPC exception's text), plus extra fields ({@code retryAfter},
 * {@code attemptsLeft}, {@code status}).
 */
final class LoginErrors {

    private LoginErrors() {
    }

    static HttpError of(int status, String name, String message) {
        return new HttpError(HttpResponseStatus.valueOf(status), name, message);
    }

    static HttpError with(HttpError e, String field, Object value) {
        Map<String, Object> extra = new LinkedHashMap<>(e.extra());
        extra.put(field, value);
        return new HttpError(e.status(), e.name(), e.getMessage(), extra);
    }

    /** The answer of a failed step. */
    static HttpError of(Throwable e) {
        if (e instanceof HttpError http) {
            return http;
        }
        if (e instanceof UnknownAccountException) {
            return of(404, "ACCOUNT_UNKNOWN", "no such account");
        }
        if (e instanceof NoPendingLoginException) {
            return of(409, "LOGIN_NOT_STARTED", "no login is pending for this account: send a code (or start a QR "
                + "or bot login) first");
        }
        if (e instanceof LoginStepException step) {
            return of(409, "LOGIN_STEP_INVALID", oneLine(step, "this step does not fit the login's step"));
        }
        if (e instanceof LoginAttemptsExceededException) {
            return of(403, "LOGIN_ATTEMPTS_EXCEEDED", "too many wrong codes or passwords: the login was dropped, "
                + "start again");
        }
        if (e instanceof FloodWaitException flood) {
            long seconds = flood.duration().toSeconds();
            return new HttpError(HttpResponseStatus.TOO_MANY_REQUESTS, "FLOOD_WAIT",
                "Telegram asks to wait " + seconds + " s before trying again", Map.of("retryAfter", seconds));
        }
        if (e instanceof RpcException rpc) {
            String name = rpc.errorMessage();
            int code = rpc.code();
            if (code == 403 || "PHONE_NUMBER_BANNED".equals(name)) {
                return of(403, name, "Telegram refused: " + name);
            }
            if (code >= 400 && code < 500) {
                return of(code == 401 ? 401 : 400, name, "Telegram refused: " + name);
            }
            return of(500, "INTERNAL", "Telegram failed: " + name);
        }
        return of(500, "INTERNAL", "the console failed to answer; its log says why");
    }

    /** Our own exceptions' messages name steps, never a code or password; still kept to one line. */
    private static String oneLine(Throwable e, String fallback) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return fallback;
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
