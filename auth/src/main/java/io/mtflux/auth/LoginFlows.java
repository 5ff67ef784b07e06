package io.mtflux.auth;

import io.mtflux.core.client.MtprotoClient;
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
import java.util.function.Function;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Whole logins on an {@link MtprotoClient}, driven by {@link LoginPrompts}: {@link #start} (a user, or a bot when
 * the prompts give a bot token), {@link #startQr} (QR login), both returning the logged-in user without any login
 * call when the session is already authorized, and {@link #login} (always logs in). The user login
 * (https://core.telegram.org/api/auth) asks for the phone, the code (re-asked when wrong; resent with
 * {@code auth.resendCode} when the prompt asks for another, when it expired, and when its {@code next_type} is a call
 * and {@code timeout} seconds passed), then the 2FA password or, for a new number, the names. Every error of its
 * calls goes to the prompts' {@code onError}, which decides whether the flow asks again (at most
 * {@code maxAttempts} errors per step) or stops. A code sent and not used when the login fails or is cancelled is
 * cancelled with {@code auth.cancelCode}. Immutable: each {@code with*} returns a new value. Everything is cold;
 * cancelling stops the flow.
 */
public final class LoginFlows {
    /** How many errors each step of a login allows (re-asking after each but the last), by default. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** How long before a QR token expires the next one is exported, by default. */
    public static final Duration DEFAULT_QR_REFRESH_BEFORE = Duration.ofSeconds(2);
    private static final Duration QR_MIN_REFRESH = Duration.ofSeconds(1);

    private final AuthClient auth;
    private final int maxAttempts;
    private final LoginMetrics metrics;
    private final QrTiming qr;
    private final Scheduler codeTimer;

    /**
     * When QR tokens are refreshed: the lead before expiry, the server's clock (null: the system clock corrected
     * by the home DC's time offset) and the timer's scheduler.
     */
    private record QrTiming(Duration refreshBefore, Clock serverClock, Scheduler timer) {
    }

    private LoginFlows(AuthClient auth, int maxAttempts, LoginMetrics metrics, QrTiming qr, Scheduler codeTimer) {
        this.auth = Objects.requireNonNull(auth, "auth");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        this.maxAttempts = maxAttempts;
        this.metrics = metrics;
        this.qr = qr;
        this.codeTimer = codeTimer;
    }

    /**
     * The login flows of {@code client} (connected before a flow is subscribed). Nothing is called until a flow
     * is subscribed.
     *
     * @param client the client
     * @return the flows, with the defaults
     */
    public static LoginFlows create(MtprotoClient client) {
        return new LoginFlows(AuthClient.create(Objects.requireNonNull(client, "client")), DEFAULT_MAX_ATTEMPTS,
            LoginMetrics.NONE, new QrTiming(DEFAULT_QR_REFRESH_BEFORE, null, Schedulers.parallel()),
            Schedulers.parallel());
    }

    /**
     * The same flows allowing {@code attempts} errors per step (default {@value #DEFAULT_MAX_ATTEMPTS}).
     *
     * @param attempts errors allowed per step
     * @return the new flows
     */
    public LoginFlows withMaxAttempts(int attempts) {
        return new LoginFlows(auth, attempts, metrics, qr, codeTimer);
    }

    /**
     * The same flows recording {@code mtproto.login} (timer; tags {@code kind} = user/bot/qr, {@code outcome} = ok
     * or the error's simple class name) to a Micrometer registry (an optional dependency).
     *
     * @param registry the registry
     * @return the new flows
     */
    public LoginFlows withMeterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
        LoginMetrics recording = LoginMetrics.micrometer(registry);
        return new LoginFlows(auth.withMetrics(recording), maxAttempts, recording, qr, codeTimer);
    }

    /**
     * The same flows with another QR refresh lead: a new token is exported this long before the shown one expires
     * (default 2 s; never sooner than 1 s after the previous export).
     *
     * @param lead how long before the expiry, not negative
     * @return the new flows
     * @throws IllegalArgumentException if {@code lead} is negative
     */
    public LoginFlows withQrRefreshBefore(Duration lead) {
        if (lead.isNegative()) {
            throw new IllegalArgumentException("the QR refresh lead must be >= 0");
        }
        return new LoginFlows(auth, maxAttempts, metrics, new QrTiming(lead, qr.serverClock(), qr.timer()),
            codeTimer);
    }

    /**
     * The same flows timing QR refreshes by {@code serverClock} (what the server's "now" is; by default the system
     * clock corrected by the home DC's time offset) on {@code timer} (default {@code Schedulers.parallel()}).
     * Tests pass the testkit cluster's movable clock and a virtual-time scheduler, and move both.
     *
     * @param serverClock the server's clock
     * @param timer the scheduler of the refresh timer
     * @return the new flows
     */
    public LoginFlows withQrClock(Clock serverClock, Scheduler timer) {
        return new LoginFlows(auth, maxAttempts, metrics, new QrTiming(qr.refreshBefore(),
            Objects.requireNonNull(serverClock, "serverClock"), Objects.requireNonNull(timer, "timer")), codeTimer);
    }

    /**
     * The same flows timing the call fallback (a code resent by call after the sent code's {@code timeout}) on
     * {@code timer} (default {@code Schedulers.parallel()}); tests pass a virtual-time scheduler.
     *
     * @param timer the scheduler of the fallback timer
     * @return the new flows
     */
    public LoginFlows withCodeTimer(Scheduler timer) {
        return new LoginFlows(auth, maxAttempts, metrics, qr, Objects.requireNonNull(timer, "timer"));
    }

    /**
     * The logged-in user if the session is authorized (no prompt asked), else {@link #login}.
     *
     * @param prompts where the login's answers come from
     * @return the user
     */
    public Mono<User> start(LoginPrompts prompts) {
        Objects.requireNonNull(prompts, "prompts");
        return auth.isAuthorized().flatMap(yes -> yes ? auth.me() : login(prompts));
    }

    /**
     * Logs in whatever the session's state (for a session known to be logged out this saves {@link #start}'s
     * check): a bot when the prompts give a bot token ({@code auth.importBotAuthorization}), else a user.
     *
     * @param prompts where the login's answers come from
     * @return the user
     */
    public Mono<User> login(LoginPrompts prompts) {
        Objects.requireNonNull(prompts, "prompts");
        return Mono.defer(() -> {
            LoginRun run = new LoginRun(auth, prompts, maxAttempts, codeTimer);
            return run.offeredBotToken()
                .map(token -> metrics.timed("bot", run.bot(token, 1)))
                .switchIfEmpty(Mono.fromSupplier(() -> metrics.timed("user", run.user())))
                .flatMap(Function.identity());
        });
    }

    /**
     * The logged-in user (as one {@link QrLoginStep.Authorized}) if the session is authorized, else QR login as a
     * {@code Flux}: a {@link QrLoginStep.Token} for every token to show (its {@code tg://login?token=...} URL), a
     * new one exported {@link #withQrRefreshBefore shortly before} the shown one expires, until another logged-in
     * session accepts it ({@code auth.acceptLoginToken}); the pushed {@code updateLoginToken} (from
     * {@link MtprotoClient#updates()}) then makes the flow export once more, which logs in: on this DC, or after
     * {@code auth.loginTokenMigrateTo} with {@code auth.importLoginToken} on the account's DC (which becomes the
     * home DC), https://core.telegram.org/api/qr-login. An account with 2FA then gets the password from the
     * prompts (re-asked as {@code onError} decides). Ends with one {@link QrLoginStep.Authorized}, or the typed
     * error. Cancelling it stops the timers, the update listener and any call under way.
     *
     * @param prompts the 2FA password and {@code onError} (the other prompts are not asked)
     * @return the steps
     */
    public Flux<QrLoginStep> startQr(LoginPrompts prompts) {
        Objects.requireNonNull(prompts, "prompts");
        return auth.isAuthorized().flatMapMany(yes -> yes
            ? auth.me().<QrLoginStep>map(QrLoginStep.Authorized::new).flux() : qrLogin(prompts));
    }

    private Flux<QrLoginStep> qrLogin(LoginPrompts prompts) {
        return metrics.timed("qr", Flux.defer(() -> {
            LoginRun run = new LoginRun(auth, prompts, maxAttempts, codeTimer);
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
                        e -> run.password(e).map(QrLoginStep.Authorized::new))
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
}
