package io.mtflux.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mtflux.accounts.AccountExistsException;
import io.mtflux.accounts.AccountSnapshot;
import io.mtflux.accounts.AccountSpec;
import io.mtflux.accounts.UnknownAccountException;
import io.mtflux.auth.LoginStatus;
import io.mtflux.auth.LoginStepException;
import io.mtflux.auth.PasswordHashInvalidException;
import io.mtflux.auth.PhoneCodeInvalidException;
import io.mtflux.auth.ResumableLogin;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.InputUserSelf;
import io.mtflux.core.tl.api.users.UsersGetUsers;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The login API: {@code GET /api/accounts/{id}} and one POST per step of a {@link ResumableLogin}
 * ({@code send-code}, {@code resend-code}, {@code sign-in}, {@code check-password}, {@code sign-up}, {@code bot},
 * {@code log-out}, {@code cancel}), each a request of its own (the pending login lives in the session store, so the
 * next step may come after a restart or to another console on the same store), and the QR login as a server-sent
 * event stream with each token drawn as SVG.
 *
 * <p>Codes, passwords and bot tokens come only in JSON bodies; none of them, nor the phone_code_hash (which never
 * leaves the server), reaches a log line or an answer. Log lines name the account, the step and the outcome.
 */
final class LoginRoutes implements ConsolePart {
    private static final Logger LOG = LoggerFactory.getLogger(LoginRoutes.class);
    private static final Duration NAME_LOOKUP = Duration.ofSeconds(10);
    /** How long a user's name looked up (or seen at login) is shown before it is looked up again. */
    private static final Duration NAME_TTL = Duration.ofMinutes(1);

    /** The names of the logged-in users, per account (the account page polls; one lookup a minute is enough). */
    private final Map<String, Named> names = new ConcurrentHashMap<>();

    /** An authorized status with the user's names, and when it was learnt. */
    private record Named(LoginStatus status, long atNanos) {
        boolean fresh(Long userId) {
            return Objects.equals(status.userId(), userId)
                && System.nanoTime() - atNanos < NAME_TTL.toNanos();
        }
    }

    /** One step: the login and the request's JSON body to the new status. */
    private interface Step extends BiFunction<ResumableLogin, JsonNode, Mono<LoginStatus>> {
    }

    @Override
    public void register(HttpServerRoutes routes, ConsoleContext ctx) {
        Guard guard = ctx.guard();
        routes.get(ctx.path("/api/accounts/{id}"), guard.read((req, res) -> account(ctx, req, res)));
        post(routes, ctx, "send-code", (l, body) -> l.sendCode(text(body, "phone", 32)));
        post(routes, ctx, "resend-code", (l, body) -> l.resendCode());
        post(routes, ctx, "sign-in", (l, body) -> l.signIn(text(body, "code", 16)));
        post(routes, ctx, "check-password", (l, body) -> l.checkPassword(text(body, "password", 1024)));
        post(routes, ctx, "sign-up", (l, body) -> l.signUp(text(body, "firstName", 64),
            optionalText(body, "lastName", 64)));
        post(routes, ctx, "bot", (l, body) -> l.botLogin(text(body, "token", 256)));
        post(routes, ctx, "log-out", (l, body) -> l.logOut());
        post(routes, ctx, "cancel", (l, body) -> l.cancel());
        routes.post(ctx.path("/api/accounts/{id}/qr"), guard.change((req, res) -> qr(ctx, req, res)));
    }

    private void post(HttpServerRoutes routes, ConsoleContext ctx, String name, Step step) {
        routes.post(ctx.path("/api/accounts/{id}/" + name),
            ctx.guard().change((req, res) -> step(ctx, name, step, req, res)));
    }

    // ------------------------------------------------------------------ the account and its login

    /** The account's login, adding the account first when the options say how. */
    static Mono<ResumableLogin> login(ConsoleContext ctx, String accountId) {
        return ctx.accounts().resumableLogin(accountId, ctx.options().maxFailedAttempts())
            .onErrorResume(UnknownAccountException.class, unknown -> ctx.options().newAccounts()
                .map(specs -> Mono.defer(() -> {
                    AccountSpec spec = specs.apply(accountId);
                    if (spec == null || !spec.id().equals(accountId)) {
                        return Mono.<ResumableLogin>error(unknown);
                    }
                    try {
                        ctx.accounts().add(spec);
                        LOG.info("account {}: added by the console", accountId);
                    } catch (AccountExistsException raced) {
                        // another request added it meanwhile
                    }
                    return ctx.accounts().resumableLogin(accountId, ctx.options().maxFailedAttempts());
                }))
                .orElseGet(() -> Mono.error(unknown)));
    }

    private Publisher<Void> account(ConsoleContext ctx, HttpServerRequest req, HttpServerResponse res) {
        String id = req.param("id");
        return login(ctx, id)
            .flatMap(ResumableLogin::status)
            .flatMap(status -> withNames(ctx, id, status))
            .map(status -> {
                Map<String, Object> body = new LinkedHashMap<>();
                AccountSnapshot snapshot = ctx.accounts().snapshot(id);
                body.put("account", LoginJson.snapshot(snapshot));
                body.put("login", LoginJson.status(status));
                return body;
            })
            .flatMap(body -> Http.json(res, HttpResponseStatus.OK, body))
            .onErrorResume(e -> error(res, id, "status", LoginErrors.of(e), e));
    }

    /**
     * An authorized status from the session knows the user's id only; the page shows the name too: the one seen at
     * login, else looked up ({@code users.getUsers} of self), kept for a minute.
     */
    private Mono<LoginStatus> withNames(ConsoleContext ctx, String id, LoginStatus s) {
        if (s.step() != LoginStatus.Step.AUTHORIZED) {
            names.remove(id);
            return Mono.just(s);
        }
        if (s.firstName() != null) {
            return Mono.just(s);
        }
        Named known = names.get(id);
        if (known != null && known.fresh(s.userId())) {
            return Mono.just(known.status());
        }
        return ctx.accounts().invoke(id, new UsersGetUsers(List.of(new InputUserSelf())))
            .timeout(NAME_LOOKUP)
            .map(users -> users.isEmpty() || !(users.get(0) instanceof BaseUser u) ? s
                : remember(id, new LoginStatus(s.step(), s.phoneNumber(), s.codeType(), s.codeLength(),
                    s.nextCodeType(), s.timeoutSeconds(), s.sentAt(), s.passwordHint(), s.termsOfServiceText(),
                    s.userId() != null ? s.userId() : u.id(), u.firstName(), u.lastName(), u.username(),
                    s.bot() || u.bot(), s.qrUrl(), s.qrExpires(), s.attemptsLeft())))
            .onErrorResume(e -> {
                LOG.debug("account {}: the user's name is not known ({})", id, e.getClass().getSimpleName());
                return Mono.just(s);
            });
    }

    /** Keeps the names of an authorized status (a step's answer, or a lookup); any other status forgets them. */
    private LoginStatus remember(String id, LoginStatus s) {
        if (s.step() == LoginStatus.Step.AUTHORIZED && s.firstName() != null) {
            names.put(id, new Named(s, System.nanoTime()));
        } else if (s.step() != LoginStatus.Step.AUTHORIZED) {
            names.remove(id);
        }
        return s;
    }

    // ------------------------------------------------------------------ the steps

    private Publisher<Void> step(ConsoleContext ctx, String name, Step step, HttpServerRequest req,
                                 HttpServerResponse res) {
        String id = req.param("id");
        return Http.readJson(req)
            .flatMap(body -> login(ctx, id).<Void>flatMap(l -> Mono.defer(() -> step.apply(l, body))
                .flatMap(status -> {
                    remember(id, status);
                    LOG.info("account {}: {} -> {}", id, name, status.step());
                    if (status.step() == LoginStatus.Step.PASSWORD && "sign-in".equals(name)) {
                        return Http.error(res, LoginErrors.with(LoginErrors.of(401, "SESSION_PASSWORD_NEEDED",
                            "the account has a 2FA password: send it to check-password"), "status",
                            LoginJson.status(status)));
                    }
                    return Http.json(res, HttpResponseStatus.OK, LoginJson.status(status));
                })
                .onErrorResume(e -> withAttempts(l, e, LoginErrors.of(e))
                    .flatMap(a -> error(res, id, name, a, e)))))
            .onErrorResume(e -> !res.hasSentHeaders(), e -> error(res, id, name, LoginErrors.of(e), e));
    }

    /** A wrong code or password says how many tries are left; a step out of place says where the login is. */
    private static Mono<HttpError> withAttempts(ResumableLogin login, Throwable e, HttpError a) {
        if (e instanceof PhoneCodeInvalidException || e instanceof PasswordHashInvalidException
            || e instanceof LoginStepException) {
            return login.status()
                .map(s -> e instanceof LoginStepException ? LoginErrors.with(a, "status", LoginJson.status(s))
                    : LoginErrors.with(LoginErrors.with(a, "attemptsLeft", s.attemptsLeft()), "status",
                        LoginJson.status(s)))
                .onErrorReturn(a)
                .defaultIfEmpty(a);
        }
        return Mono.just(a);
    }

    // ------------------------------------------------------------------ QR

    private Publisher<Void> qr(ConsoleContext ctx, HttpServerRequest req, HttpServerResponse res) {
        String id = req.param("id");
        // the account is resolved before the stream starts: an unknown one is a 404, not an event
        return login(ctx, id)
            .<Void>flatMap(l -> {
                Flux<String> events = l.qrLogin()
                    // AUTHORIZED or PASSWORD ends the stream
                    .takeUntil(s -> s.step() != LoginStatus.Step.QR)
                    .map(s -> {
                        if (s.step() == LoginStatus.Step.QR) {
                            Map<String, Object> data = new LinkedHashMap<>();
                            data.put("status", LoginJson.status(s));
                            data.put("svg", QrSvg.svg(s.qrUrl()));
                            return event(ctx, "qr", data);
                        }
                        remember(id, s);
                        LOG.info("account {}: qr -> {}", id, s.step());
                        return event(ctx, "status", LoginJson.status(s));
                    })
                    .onErrorResume(e -> {
                        HttpError a = LoginErrors.of(e);
                        LOG.info("account {}: qr failed: {}", id, a.name());
                        Map<String, Object> data = new LinkedHashMap<>();
                        data.put("error", a.name());
                        data.put("message", a.getMessage());
                        data.putAll(a.extra());
                        return Mono.just(event(ctx, "error", data));
                    });
                Flux<ByteBuf> bytes = events.map(s -> res.alloc().buffer().writeBytes(
                    s.getBytes(StandardCharsets.UTF_8)));
                return Mono.from(res.sse().header(HttpHeaderNames.CACHE_CONTROL, "no-store")
                    .send(bytes, b -> true));
            })
            .onErrorResume(e -> !res.hasSentHeaders(), e -> error(res, id, "qr", LoginErrors.of(e), e));
    }

    private static String event(ConsoleContext ctx, String name, Object data) {
        return "event: " + name + "\ndata: " + write(ctx, data) + "\n\n";
    }

    // ------------------------------------------------------------------ bodies and answers

    private static String text(JsonNode body, String field, int maxLength) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw HttpError.badRequest("the body needs the text field \"" + field + "\"");
        }
        if (v.asText().length() > maxLength) {
            throw HttpError.badRequest("the field \"" + field + "\" is longer than " + maxLength);
        }
        return v.asText().strip();
    }

    private static String optionalText(JsonNode body, String field, int maxLength) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull() || v.isTextual() && v.asText().isBlank()) {
            return "";
        }
        return text(body, field, maxLength);
    }

    private static String write(ConsoleContext ctx, Object value) {
        try {
            return ctx.json().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON of " + value.getClass().getSimpleName(), e);
        }
    }

    private static Mono<Void> error(HttpServerResponse res, String id, String step, HttpError a, Throwable e) {
        if (a.status().code() >= 500) {
            // the class only: a message could quote what the step was given
            LOG.warn("account {}: {} failed: {}", id, step, e.getClass().getName());
        } else {
            LOG.info("account {}: {} -> {} {}", id, step, a.status().code(), a.name());
        }
        return Http.error(res, a);
    }
}
