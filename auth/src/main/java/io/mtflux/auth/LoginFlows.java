package io.mtflux.auth;

import io.mtflux.core.tl.api.BaseUpdates;
import io.mtflux.core.tl.api.Update;
import io.mtflux.core.tl.api.UpdateLoginToken;
import io.mtflux.core.tl.api.UpdateShort;
import io.mtflux.core.tl.api.Updates;
import io.mtflux.core.tl.api.UpdatesCombined;
import io.mtflux.core.tl.api.User;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Whole logins on top of {@link AuthClient}: phone, code, 2FA password, sign-up, with bounded re-prompts (a
 * wrong code or password asks again at most {@code maxAttempts} times, then fails with its typed error; an
 * expired code is re-sent), bot login, and {@link #start} which logs in only when the session is not already
 * authorized, and QR login ({@link #qrLogin}). Everything is cold; cancelling it stops the flow.
 */
public final class LoginFlows {
    /** How often a wrong code or password is asked for again, by default. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** How long before a QR token expires the next one is exported, by default. */
    public static final Duration DEFAULT_QR_REFRESH_BEFORE = Duration.ofSeconds(2);
    private static final Duration QR_MIN_REFRESH = Duration.ofSeconds(1);

    private final AuthClient auth;
    private final int maxAttempts;
    private final LoginMetrics metrics;
    private final QrTiming qr;

    /**
     * When QR tokens are refreshed: the lead before expiry, the server's clock (null: the system clock corrected
     * by the home DC's time offset) and the timer's scheduler.
     */
    private record QrTiming(Duration refreshBefore, Clock serverClock, Scheduler timer) {
    }

    private LoginFlows(AuthClient auth, int maxAttempts, LoginMetrics metrics, QrTiming qr) {
        this.auth = Objects.requireNonNull(auth, "auth");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        this.maxAttempts = maxAttempts;
        this.metrics = metrics;
        this.qr = qr;
    }

    public static LoginFlows of(AuthClient auth) {
        return new LoginFlows(auth, DEFAULT_MAX_ATTEMPTS, LoginMetrics.NONE,
            new QrTiming(DEFAULT_QR_REFRESH_BEFORE, null, Schedulers.parallel()));
    }

    /** The same flows with another bound on wrong codes and passwords. */
    public LoginFlows withMaxAttempts(int attempts) {
        return new LoginFlows(auth, attempts, metrics, qr);
    }

    /**
     * The same flows recording {@code mtproto.login} (timer; tags {@code kind} = user/bot, {@code outcome} = ok or
     * the error's simple class name) to a Micrometer registry (an optional dependency).
     */
    public LoginFlows withMeterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
        LoginMetrics recording = LoginMetrics.micrometer(registry);
        return new LoginFlows(auth.withMetrics(recording), maxAttempts, recording, qr);
    }

    /**
     * The same flows with another QR refresh lead: a new token is exported this long before the shown one expires
     * (default 2 s; never sooner than 1 s after the previous export).
     */
    public LoginFlows withQrRefreshBefore(Duration lead) {
        if (lead.isNegative()) {
            throw new IllegalArgumentException("the QR refresh lead must be >= 0");
        }
        return new LoginFlows(auth, maxAttempts, metrics, new QrTiming(lead, qr.serverClock(), qr.timer()));
    }

    /**
     * The same flows timing QR refreshes by {@code serverClock} (what the server's "now" is; by default the system
     * clock corrected by the home DC's time offset) on {@code timer} (default {@code Schedulers.parallel()}).
     * Tests pass the testkit cluster's movable clock and a virtual-time scheduler, and move both.
     */
    public LoginFlows withQrClock(Clock serverClock, Scheduler timer) {
        return new LoginFlows(auth, maxAttempts, metrics, new QrTiming(qr.refreshBefore(),
            Objects.requireNonNull(serverClock, "serverClock"), Objects.requireNonNull(timer, "timer")));
    }

    /** The logged-in user if the session is authorized, else the user login driven by {@code prompts}. */
    public Mono<User> start(LoginPrompts prompts) {
        return auth.isAuthorized().flatMap(yes -> yes ? auth.me() : userLogin(prompts));
    }

    /** The bot's user if the session is authorized, else a bot login with {@code botToken}. */
    public Mono<User> startBot(String botToken) {
        return auth.isAuthorized().flatMap(yes -> yes ? auth.me() : botLogin(botToken));
    }

    /**
     * The logged-in user (as one {@link QrLoginStep.Authorized}) if the session is authorized, else
     * {@link #qrLogin(Function)}.
     */
    public Flux<QrLoginStep> startQr(Function<String, Mono<String>> password) {
        return auth.isAuthorized().flatMapMany(yes -> yes
            ? auth.me().<QrLoginStep>map(QrLoginStep.Authorized::new).flux() : qrLogin(password));
    }

    /** A bot login ({@code auth.importBotAuthorization}). */
    public Mono<User> botLogin(String botToken) {
        return metrics.timed("bot", auth.importBotAuthorization(botToken));
    }

    /** Phone, code (re-asked when wrong, re-sent when expired), then 2FA or sign-up when the account needs it. */
    public Mono<User> userLogin(LoginPrompts prompts) {
        return metrics.timed("user", userLoginSteps(prompts));
    }

    private Mono<User> userLoginSteps(LoginPrompts prompts) {
        return prompts.phoneNumber()
            .flatMap(auth::sendCode)
            .flatMap(sent -> sent instanceof SentCode.AlreadyAuthorized done ? Mono.just(done.user())
                : codeStep(prompts, (SentCode.CodeSent) sent, 1));
    }

    private Mono<User> codeStep(LoginPrompts prompts, SentCode.CodeSent sent, int attempt) {
        return prompts.code(sent)
            .flatMap(code -> auth.signIn(sent, code))
            .flatMap(result -> result instanceof SignInResult.Authorized done ? Mono.just(done.user())
                : signUpStep(prompts, sent, (SignInResult.SignUpRequired) result))
            // one handler, so that the failure of a retry is not retried again by a sibling handler
            .onErrorResume(e -> afterCodeError(prompts, sent, attempt, e));
    }

    private Mono<User> afterCodeError(LoginPrompts prompts, SentCode.CodeSent sent, int attempt, Throwable e) {
        if (e instanceof SessionPasswordNeededException) {
            return passwordStep(prompts, 1);
        }
        boolean wrong = e instanceof PhoneCodeInvalidException || e instanceof PhoneCodeEmptyException;
        if (!wrong && !(e instanceof PhoneCodeExpiredException)) {
            return Mono.error(e);
        }
        prompts.onError(e);
        if (attempt >= maxAttempts) {
            return Mono.error(e);
        }
        if (wrong) {
            return codeStep(prompts, sent, attempt + 1);
        }
        // expired: a new code, then ask again
        return auth.sendCode(sent.phoneNumber()).flatMap(again -> again instanceof SentCode.CodeSent code
            ? codeStep(prompts, code, attempt + 1) : Mono.just(((SentCode.AlreadyAuthorized) again).user()));
    }

    private Mono<User> passwordStep(LoginPrompts prompts, int attempt) {
        return passwordStep(prompts::password, prompts::onError, attempt);
    }

    private Mono<User> passwordStep(Function<String, Mono<String>> password, Consumer<Throwable> onError,
                                    int attempt) {
        return auth.getPassword()
            .flatMap(settings -> password.apply(settings.hint()))
            .flatMap(auth::checkPassword)
            .onErrorResume(PasswordHashInvalidException.class, e -> {
                onError.accept(e);
                return attempt >= maxAttempts ? Mono.error(e) : passwordStep(password, onError, attempt + 1);
            });
    }

    /**
     * QR login for an account without 2FA (one with a password fails with
     * {@link SessionPasswordNeededException}): see {@link #qrLogin(Function)}.
     */
    public Flux<QrLoginStep> qrLogin() {
        return qrLogin(hint -> Mono.error(new SessionPasswordNeededException(401, "SESSION_PASSWORD_NEEDED")));
    }

    /**
     * QR login as a {@code Flux}: a {@link QrLoginStep.Token} for every token to show (its
     * {@code tg://login?token=...} URL), a new one exported {@link #withQrRefreshBefore shortly before} the shown
     * one expires, until another logged-in session accepts it ({@code auth.acceptLoginToken}); the pushed
     * {@code updateLoginToken} (from {@link io.mtflux.core.client.MtprotoClient#updates()}) then makes the flow
     * export once more, which logs in: on this DC, or after {@code auth.loginTokenMigrateTo} with
     * {@code auth.importLoginToken} on the account's DC (which becomes the home DC). An account with 2FA then
     * gets the password from {@code password} (given the hint; re-asked at most {@code maxAttempts} times). Ends
     * with one {@link QrLoginStep.Authorized}, or the typed error. Cold; cancelling it stops the timers, the
     * update listener and any call under way.
     */
    public Flux<QrLoginStep> qrLogin(Function<String, Mono<String>> password) {
        Objects.requireNonNull(password, "password");
        return metrics.timed("qr", Flux.defer(() -> {
            AtomicLong acceptedCount = new AtomicLong();
            Sinks.Many<Long> accepted = Sinks.many().replay().latest();
            Disposable listening = auth.client().updates()
                .filter(LoginFlows::isLoginTokenUpdate)
                .subscribe(u -> {
                    synchronized (accepted) {
                        accepted.tryEmitNext(acceptedCount.incrementAndGet());
                    }
                });
            Mono<QrRound> round = Mono.defer(() -> {
                long before = acceptedCount.get();
                return auth.exportLoginToken()
                    .onErrorResume(SessionPasswordNeededException.class,
                        e -> passwordStep(password, error -> { }, 1).map(QrLoginStep.Authorized::new))
                    .map(step -> new QrRound(step, before));
            });
            return round
                .expand(r -> r.step() instanceof QrLoginStep.Token token
                    ? Mono.firstWithSignal(accepted.asFlux().filter(n -> n > r.acceptedBefore()).next().then(),
                            Mono.delay(refreshDelay(token), qr.timer()).then())
                        .then(round)
                    : Mono.empty())
                .map(QrRound::step)
                .doFinally(signal -> listening.dispose());
        }), step -> step instanceof QrLoginStep.Authorized);
    }

    /** One export: the step and how many acceptances had been pushed before it was sent. */
    private record QrRound(QrLoginStep step, long acceptedBefore) {
    }

    private static boolean isLoginTokenUpdate(Updates updates) {
        if (updates instanceof UpdateShort s) {
            return s.update() instanceof UpdateLoginToken;
        }
        List<Update> list = updates instanceof BaseUpdates b ? b.updates()
            : updates instanceof UpdatesCombined c ? c.updates() : List.of();
        return list.stream().anyMatch(UpdateLoginToken.class::isInstance);
    }

    /** Until the refresh lead ahead of the token's expiry by the server's clock, at least 1 s. */
    private Duration refreshDelay(QrLoginStep.Token token) {
        long serverNowMillis;
        if (qr.serverClock() != null) {
            serverNowMillis = qr.serverClock().millis();
        } else {
            long offset = auth.client().session().dc(auth.client().session().homeDc())
                .map(io.mtflux.core.store.DcAuth::timeOffsetSeconds).orElse(0L);
            serverNowMillis = System.currentTimeMillis() + offset * 1000;
        }
        Duration left = Duration.ofMillis(token.expires() * 1000L - serverNowMillis).minus(qr.refreshBefore());
        return left.compareTo(QR_MIN_REFRESH) < 0 ? QR_MIN_REFRESH : left;
    }

    private Mono<User> signUpStep(LoginPrompts prompts, SentCode.CodeSent sent, SignInResult.SignUpRequired required) {
        return prompts.signUp(required.termsOfService())
            .flatMap(names -> auth.signUp(sent, names.firstName(), names.lastName()))
            .flatMap(user -> required.termsOfService() == null ? Mono.just(user)
                : auth.acceptTermsOfService(required.termsOfService()).thenReturn(user));
    }
}
