package io.mtflux.samples.spring;

import io.mtflux.accounts.AccountExistsException;
import io.mtflux.accounts.AccountManager;
import io.mtflux.accounts.AccountSnapshot;
import io.mtflux.accounts.AccountSpec;
import io.mtflux.accounts.UnknownAccountException;
import io.mtflux.auth.LoginStatus;
import io.mtflux.auth.ResumableLogin;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The login pipeline over HTTP: each step of an account's {@link ResumableLogin} (from the starter's
 * {@link AccountManager}) is a request of its own, and the pending login lives in the session store between them.
 * An account id the manager does not know yet is added by its first step (a {@code GET} of it answers 404).
 *
 * <p>The phone number, code and password come only in JSON bodies; the code and the password never reach a log
 * line or an answer (a {@link LoginStatus} holds neither, nor the phone_code_hash). Log lines name the account, the
 * step and the outcome.
 */
final class LoginHandler {
    private static final Logger LOG = LoggerFactory.getLogger(LoginHandler.class);
    /** The account ids this sample accepts (they name rows or files in the session store). */
    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** The body of {@code POST /login/{account}/phone}. */
    record PhoneBody(String phone) {
    }

    /** The body of {@code POST /login/{account}/code}. */
    record CodeBody(String code) {
        @Override
        public String toString() {
            // a secret: never in a toString()
            return "CodeBody[code=***]";
        }
    }

    /** The body of {@code POST /login/{account}/password}. */
    record PasswordBody(String password) {
        @Override
        public String toString() {
            // a secret: never in a toString()
            return "PasswordBody[password=***]";
        }
    }

    private final AccountManager accounts;

    LoginHandler(AccountManager accounts) {
        this.accounts = accounts;
    }

    /** {@code GET /login/{account}}: the account as the manager sees it and its login's step; 404 when unknown. */
    Mono<ServerResponse> status(ServerRequest request) {
        String id = request.pathVariable("account");
        return (ACCOUNT.matcher(id).matches() ? accounts.resumableLogin(id) : account(id))
            .flatMap(ResumableLogin::status)
            .flatMap(status -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("account", snapshot(accounts.snapshot(id)));
                body.put("login", LoginProblems.status(status));
                return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
            })
            .onErrorResume(e -> LoginProblems.answer(id, "status", e));
    }

    /** {@code POST /login/{account}/phone} {@code {"phone": "+15550001111"}}: sends the code. */
    Mono<ServerResponse> phone(ServerRequest request) {
        return step(request, "phone", PhoneBody.class,
            (login, body) -> login.sendCode(text(body.phone(), "phone", 32)));
    }

    /**
     * {@code POST /login/{account}/code} {@code {"code": "12345"}}: signs in; an account with a 2FA password
     * answers 401 {@code SESSION_PASSWORD_NEEDED} with the login's status (its hint).
     */
    Mono<ServerResponse> code(ServerRequest request) {
        return step(request, "code", CodeBody.class, (login, body) -> login.signIn(text(body.code(), "code", 16)));
    }

    /** {@code POST /login/{account}/password} {@code {"password": "..."}}: the 2FA step. */
    Mono<ServerResponse> password(ServerRequest request) {
        return step(request, "password", PasswordBody.class,
            (login, body) -> login.checkPassword(text(body.password(), "password", 1024)));
    }

    /** {@code POST /login/{account}/resend}: asks for the code again, by the sent code's next type. */
    Mono<ServerResponse> resend(ServerRequest request) {
        return step(request.pathVariable("account"), "resend", Mono.just(true), (login, none) -> login.resendCode());
    }

    /** {@code POST /login/{account}/cancel}: drops the pending login. */
    Mono<ServerResponse> cancel(ServerRequest request) {
        return step(request.pathVariable("account"), "cancel", Mono.just(true), (login, none) -> login.cancel());
    }

    private <B> Mono<ServerResponse> step(ServerRequest request, String name, Class<B> bodyType,
                                          BiFunction<ResumableLogin, B, Mono<LoginStatus>> step) {
        Mono<B> body = request.bodyToMono(bodyType)
            .onErrorMap(e -> !(e instanceof LoginProblems.BadRequest),
                e -> new LoginProblems.BadRequest("the body must be a JSON object"))
            .switchIfEmpty(Mono.error(() -> new LoginProblems.BadRequest("the body must be a JSON object")));
        return step(request.pathVariable("account"), name, body, step);
    }

    private <B> Mono<ServerResponse> step(String id, String name, Mono<B> body,
                                          BiFunction<ResumableLogin, B, Mono<LoginStatus>> step) {
        return body
            .flatMap(b -> account(id).flatMap(login -> Mono.defer(() -> step.apply(login, b))))
            .flatMap(status -> {
                LOG.info("account {}: {} -> {}", id, name, status.step());
                if (status.step() == LoginStatus.Step.PASSWORD && "code".equals(name)) {
                    return LoginProblems.passwordNeeded(status);
                }
                return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(LoginProblems.status(status));
            })
            .onErrorResume(e -> LoginProblems.answer(id, name, e));
    }

    /** The account's resumable login, adding the account on its first request. */
    private Mono<ResumableLogin> account(String id) {
        if (!ACCOUNT.matcher(id).matches()) {
            return Mono.error(new LoginProblems.BadRequest("an account id is 1 to 64 of A-Z a-z 0-9 _ -"));
        }
        return accounts.resumableLogin(id)
            .onErrorResume(UnknownAccountException.class, unknown -> Mono.defer(() -> {
                try {
                    accounts.add(AccountSpec.of(id));
                    LOG.info("account {}: added", id);
                } catch (AccountExistsException raced) {
                    // another request added it meanwhile
                }
                return accounts.resumableLogin(id);
            }));
    }

    private static String text(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new LoginProblems.BadRequest("the body needs the text field \"" + field + "\"");
        }
        if (value.length() > maxLength) {
            throw new LoginProblems.BadRequest("the field \"" + field + "\" is longer than " + maxLength);
        }
        return value.strip();
    }

    static Map<String, Object> snapshot(AccountSnapshot a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.accountId());
        m.put("state", a.state().name());
        m.put("since", a.since().toString());
        m.put("userId", a.userId());
        m.put("homeDc", a.homeDc() == 0 ? null : a.homeDc());
        m.put("leased", a.leased());
        m.put("lastError", a.lastError());
        return m;
    }
}
