package io.mtflux.samples.spring;

import io.mtflux.accounts.AccountStateException;
import io.mtflux.accounts.UnknownAccountException;
import io.mtflux.auth.LoginAttemptsExceededException;
import io.mtflux.auth.LoginStatus;
import io.mtflux.auth.LoginStepException;
import io.mtflux.auth.NoPendingLoginException;
import io.mtflux.auth.WrongAnswerException;
import io.mtflux.core.rpc.FloodWaitException;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.store.LeaseHeldException;
import io.mtflux.core.store.SessionConflictException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The answers of the login pipeline: a status as JSON, and each typed error as an HTTP status with
 * {@code {"error": NAME, "message": ...}} and extra fields. The messages are ours (never an exception's text, which
 * could quote what a step was given): 400 a bad body or a wrong code or password (with {@code attemptsLeft}), 401
 * {@code SESSION_PASSWORD_NEEDED}, 403 too many wrong tries or a refusal, 409 a step out of place, 429 a flood
 * wait (with {@code Retry-After}), 500 anything else (its class in the log).
 */
final class LoginProblems {
    private static final Logger LOG = LoggerFactory.getLogger(LoginProblems.class);

    private LoginProblems() {
    }

    /** A request this sample refuses before any step runs: 400 {@code BAD_REQUEST} with this message. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    /** A login status as JSON (a {@link LoginStatus} holds no code, password or phone_code_hash). */
    static Map<String, Object> status(LoginStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", s.step().name());
        m.put("phoneNumber", s.phoneNumber());
        m.put("codeType", s.codeType());
        m.put("codeLength", s.codeLength());
        m.put("nextCodeType", s.nextCodeType());
        m.put("timeoutSeconds", s.timeoutSeconds());
        m.put("sentAt", iso(s.sentAt()));
        m.put("passwordHint", s.passwordHint());
        m.put("termsOfServiceText", s.termsOfServiceText());
        m.put("userId", s.userId());
        m.put("firstName", s.firstName());
        m.put("lastName", s.lastName());
        m.put("username", s.username());
        m.put("bot", s.bot());
        m.put("attemptsLeft", s.attemptsLeft());
        return m;
    }

    /** The code step reached the 2FA step: 401 {@code SESSION_PASSWORD_NEEDED} with the status (its hint). */
    static Mono<ServerResponse> passwordNeeded(LoginStatus status) {
        Map<String, Object> body = error("SESSION_PASSWORD_NEEDED",
            "the account has a 2FA password: send it to /password");
        body.put("status", status(status));
        return json(HttpStatus.UNAUTHORIZED, body);
    }

    /** The answer of a failed step. */
    static Mono<ServerResponse> answer(String account, String step, Throwable e) {
        HttpStatus status;
        Map<String, Object> body;
        if (e instanceof BadRequest bad) {
            status = HttpStatus.BAD_REQUEST;
            body = error("BAD_REQUEST", bad.getMessage());
        } else if (e instanceof WrongAnswerException wrong) {
            status = HttpStatus.BAD_REQUEST;
            body = error(wrong.errorMessage(), "PHONE_CODE_INVALID".equals(wrong.errorMessage())
                ? "the code is wrong" : "the password is wrong");
            wrong.attemptsLeft().ifPresent(left -> body.put("attemptsLeft", left));
        } else if (e instanceof FloodWaitException flood) {
            long seconds = flood.duration().toSeconds();
            Map<String, Object> wait = error("FLOOD_WAIT", "Telegram asks to wait " + seconds + " s");
            wait.put("retryAfter", seconds);
            LOG.info("account {}: {} -> 429 FLOOD_WAIT", account, step);
            return ServerResponse.status(HttpStatus.TOO_MANY_REQUESTS).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds)).bodyValue(wait);
        } else if (e instanceof LoginAttemptsExceededException) {
            status = HttpStatus.FORBIDDEN;
            body = error("LOGIN_ATTEMPTS_EXCEEDED", "too many wrong codes or passwords: the login was dropped, "
                + "start again");
        } else if (e instanceof NoPendingLoginException) {
            status = HttpStatus.CONFLICT;
            body = error("LOGIN_NOT_STARTED", "no login is pending for this account: send the phone first");
        } else if (e instanceof LoginStepException) {
            status = HttpStatus.CONFLICT;
            body = error("LOGIN_STEP_INVALID", "this step does not fit the login's step: GET the status");
        } else if (e instanceof SessionConflictException) {
            status = HttpStatus.CONFLICT;
            body = error("SESSION_CONFLICT", "the account's session was saved elsewhere meanwhile: try again");
        } else if (e instanceof LeaseHeldException || e instanceof AccountStateException) {
            status = HttpStatus.CONFLICT;
            body = error("ACCOUNT_NOT_HERE", "the account is not running on this instance (another instance on "
                + "the same store holds it, or it is stopping)");
        } else if (e instanceof UnknownAccountException) {
            status = HttpStatus.NOT_FOUND;
            body = error("ACCOUNT_UNKNOWN", "no such account");
        } else if (e instanceof RpcException rpc && rpc.code() >= 400 && rpc.code() < 500) {
            status = rpc.code() == 403 || "PHONE_NUMBER_BANNED".equals(rpc.errorMessage()) ? HttpStatus.FORBIDDEN
                : HttpStatus.BAD_REQUEST;
            body = error(rpc.errorMessage(), "Telegram refused: " + rpc.errorMessage());
        } else {
            // the class only: a message could quote what the step was given
            LOG.warn("account {}: {} failed: {}", account, step, e.getClass().getName());
            return json(HttpStatus.INTERNAL_SERVER_ERROR, error("INTERNAL", "the step failed; the log says why"));
        }
        LOG.info("account {}: {} -> {} {}", account, step, status.value(), body.get("error"));
        return json(status, body);
    }

    private static Map<String, Object> error(String name, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", name);
        m.put("message", message);
        return m;
    }

    private static Mono<ServerResponse> json(HttpStatus status, Map<String, Object> body) {
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
