package io.mtflux.web;

import io.mtflux.accounts.UnknownAccountException;
import io.mtflux.auth.LoginAttemptsExceededException;
import io.mtflux.auth.LoginStepException;
import io.mtflux.auth.NoPendingLoginException;
import io.mtflux.core.rpc.FloodWaitException;
import io.mtflux.core.rpc.RpcException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The login API's errors as the contract has them: a status, the error's name and a message with no secret in it
 * (the messages are ours, never an exception's text, which could quote a request), plus extra fields
 * ({@code retryAfter}, {@code attemptsLeft}, {@code status}).
 */
final class LoginErrors {

    /**
     * One error answer.
     *
     * @param status the HTTP status
     * @param body the JSON body: error, message and the extra fields
     * @param retryAfter seconds for the {@code Retry-After} header, or -1
     */
    record Answer(int status, Map<String, Object> body, long retryAfter) {
        Answer with(String field, Object value) {
            Map<String, Object> more = new LinkedHashMap<>(body);
            more.put(field, value);
            return new Answer(status, more, retryAfter);
        }
    }

    private LoginErrors() {
    }

    static Answer of(int status, String name, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", name);
        body.put("message", message);
        return new Answer(status, body, -1);
    }

    /** The answer of a failed step. */
    static Answer of(Throwable e) {
        if (e instanceof BadRequest bad) {
            return of(400, "BAD_REQUEST", bad.getMessage());
        }
        if (e instanceof UnknownAccountException) {
            return of(404, "ACCOUNT_UNKNOWN", "no such account");
        }
        if (e instanceof NoPendingLoginException) {
            return of(409, "LOGIN_NOT_STARTED", "no login is pending for this account: send a code (or start a QR "
                + "or bot login) first");
        }
        if (e instanceof LoginStepException step) {
            return of(409, "LOGIN_STEP_INVALID", safeMessage(step, "this step does not fit the login's step"));
        }
        if (e instanceof LoginAttemptsExceededException) {
            return of(403, "LOGIN_ATTEMPTS_EXCEEDED", "too many wrong codes or passwords: the login was dropped, "
                + "start again");
        }
        if (e instanceof FloodWaitException flood) {
            long seconds = flood.duration().toSeconds();
            Answer a = of(429, "FLOOD_WAIT", "Telegram asks to wait " + seconds + " s before trying again");
            return new Answer(429, a.with("retryAfter", seconds).body(), seconds);
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
        return of(500, "INTERNAL", "the console failed; see its log");
    }

    /**
     * Our own exceptions' messages name steps, never a code or password; still bounded to one line.
     */
    private static String safeMessage(Throwable e, String fallback) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return fallback;
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** A request the API cannot read: bad JSON, a missing or wrong field. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
