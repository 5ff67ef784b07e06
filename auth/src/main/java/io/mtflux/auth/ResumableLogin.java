package io.mtflux.auth;

import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.rpc.UnauthorizedException;
import io.mtflux.core.store.PendingLogin;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.DataJSON;
import io.mtflux.core.tl.api.User;
import io.mtflux.core.tl.api.auth.AuthCodeType;
import io.mtflux.core.tl.api.auth.AuthCodeTypeCall;
import io.mtflux.core.tl.api.auth.AuthCodeTypeFlashCall;
import io.mtflux.core.tl.api.auth.AuthCodeTypeFragmentSms;
import io.mtflux.core.tl.api.auth.AuthCodeTypeMissedCall;
import io.mtflux.core.tl.api.auth.AuthCodeTypeSms;
import io.mtflux.core.tl.api.auth.AuthSentCodeType;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeApp;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeCall;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeEmailCode;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeFirebaseSms;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeFlashCall;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeFragmentSms;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeMissedCall;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeSetUpEmailRequired;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeSms;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeSmsPhrase;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeSmsWord;
import io.mtflux.core.tl.api.help.HelpTermsOfService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * A login whose steps may come in separate requests, after a process restart, or on another instance sharing
 * the session store: the state between steps is the account's {@link PendingLogin}, saved with its session (the
 * phone_code_hash, the step reached, the 2FA hint, the terms of service, the wrong attempts so far). Each step
 * reads the pending login from the store ({@code store.load(accountId)}), not only from the client's memory, calls
 * {@link AuthClient} (DC migration, SRP, the flood-wait policy are the client's and the auth client's), then saves
 * the new state through {@link MtprotoClient#updateSession}. A successful login, a logout and a revocation clear
 * it.
 *
 * <pre>{@code
 * ResumableLogin login = ResumableLogin.of(client);   // a connected client on a shared store
 * login.sendCode("+15550100").block();                // request 1: CODE
 * // ... later, maybe after a restart, with a new client on the same store ...
 * ResumableLogin.of(client2).signIn("12345").block(); // request 2: AUTHORIZED, PASSWORD or SIGN_UP
 * }</pre>
 *
 * <p>Wrong codes ({@code PHONE_CODE_INVALID}) and passwords ({@code PASSWORD_HASH_INVALID}) fail with
 * {@link PhoneCodeInvalidException} and {@link PasswordHashInvalidException} carrying the attempts left, and
 * count in the store; at the bound the pending login is dropped and the step fails with
 * {@link LoginAttemptsExceededException}. A step with no pending login fails with {@link NoPendingLoginException},
 * one that does not fit the step reached with {@link LoginStepException}; {@code PHONE_CODE_EXPIRED} drops the
 * pending login; flood waits surface as {@link io.mtflux.core.rpc.FloodWaitException}.
 *
 * <p><b>Races.</b> Two instances stepping the same account at once both read the same pending login; the saves
 * then meet the store's version check: the client that saves second fails with
 * {@link io.mtflux.core.store.SessionConflictException} (every store of this project is versioned), so no step is
 * silently lost, but the server may have seen both calls (two wrong codes count twice there). A store without
 * versions would let the last write win. The accounts runtime serializes steps with its leases (one client per
 * account); without it, route an account's steps to one instance. A client whose session went stale behind
 * another instance's save fails its next save the same way: start a new client (it loads the current session).
 *
 * <p>Immutable and thread-safe; the client must be connected.
 */
public final class ResumableLogin {
    /** The default bound of wrong codes or passwords. */
    public static final int DEFAULT_MAX_FAILED_ATTEMPTS = 5;
    private static final Set<LoginStatus.Step> CODE = EnumSet.of(LoginStatus.Step.CODE);
    private static final Set<LoginStatus.Step> PASSWORD = EnumSet.of(LoginStatus.Step.PASSWORD);
    private static final Set<LoginStatus.Step> SIGN_UP = EnumSet.of(LoginStatus.Step.SIGN_UP);
    private static final Set<LoginStatus.Step> ANY_PENDING = EnumSet.of(LoginStatus.Step.CODE,
        LoginStatus.Step.PASSWORD, LoginStatus.Step.SIGN_UP);

    private final MtprotoClient client;
    private final AuthClient auth;
    private final int maxFailedAttempts;
    private final LoginFunnel funnel;
    /** The Micrometer registry, or null (an Object, so that Micrometer stays optional). */
    private final Object registry;
    private final Clock clock;
    private final Duration qrRefreshBefore;
    private final Clock qrServerClock;
    private final Scheduler qrTimer;
    private final Listener listener;

    /**
     * Hears every step of a resumable login (the accounts runtime moves its account's state with it). Called on
     * the thread that completes the step; must not block.
     */
    public interface Listener {
        /** Hears nothing. */
        Listener NONE = new Listener() {
        };

        /** A step starts (a call to the server follows). */
        default void onStep() {
        }

        /**
         * A step ended at {@code status} (each status of a QR login).
         *
         * @param status where the login stands now
         */
        default void onStatus(LoginStatus status) {
        }

        /**
         * A step failed.
         *
         * @param error its error
         * @param dropped whether the pending login was dropped with it (attempts exceeded, code expired, none)
         */
        default void onError(Throwable error, boolean dropped) {
        }
    }

    private ResumableLogin(MtprotoClient client, AuthClient auth, int maxFailedAttempts, LoginFunnel funnel,
                           Object registry, Clock clock, Duration qrRefreshBefore,
                           Clock qrServerClock, Scheduler qrTimer, Listener listener) {
        this.client = client;
        this.auth = auth;
        this.maxFailedAttempts = maxFailedAttempts;
        this.funnel = funnel;
        this.registry = registry;
        this.clock = clock;
        this.qrRefreshBefore = qrRefreshBefore;
        this.qrServerClock = qrServerClock;
        this.qrTimer = qrTimer;
        this.listener = listener;
    }

    /**
     * The resumable login of {@code client}'s account, allowing {@value #DEFAULT_MAX_FAILED_ATTEMPTS} wrong codes
     * or passwords.
     *
     * @param client a connected client (its options name the store and the account)
     * @return the login
     */
    public static ResumableLogin of(MtprotoClient client) {
        return of(client, DEFAULT_MAX_FAILED_ATTEMPTS);
    }

    /**
     * The resumable login of {@code client}'s account.
     *
     * @param client a connected client (its options name the store and the account)
     * @param maxFailedAttempts wrong codes (and then wrong passwords) after which the pending login is dropped, at
     *     least 1
     * @return the login
     * @throws IllegalArgumentException if {@code maxFailedAttempts} is below 1
     */
    public static ResumableLogin of(MtprotoClient client, int maxFailedAttempts) {
        Objects.requireNonNull(client, "client");
        if (maxFailedAttempts < 1) {
            throw new IllegalArgumentException("maxFailedAttempts must be at least 1, got " + maxFailedAttempts);
        }
        return new ResumableLogin(client, AuthClient.create(client), maxFailedAttempts, LoginFunnel.NONE, null,
            Clock.systemUTC(), null, null, null, Listener.NONE);
    }

    /**
     * The same login counting its funnel on {@code meterRegistry} (Micrometer is an optional dependency):
     * {@code mtproto.login.funnel} (tags {@code stage} = {@code code_sent}, {@code signed_in}, {@code password},
     * {@code authorized}; {@code kind} = {@code phone}, {@code bot}, {@code qr}) and {@code mtproto.login.failures}
     * (tag {@code error}, the RPC error name); the QR login also records {@code mtproto.login}.
     *
     * @param meterRegistry the registry
     * @return the new login
     */
    public ResumableLogin withMeterRegistry(io.micrometer.core.instrument.MeterRegistry meterRegistry) {
        Objects.requireNonNull(meterRegistry, "meterRegistry");
        return new ResumableLogin(client, auth.withMetrics(LoginMetrics.micrometer(meterRegistry)), maxFailedAttempts,
            LoginFunnel.micrometer(meterRegistry), meterRegistry, clock, qrRefreshBefore, qrServerClock, qrTimer,
            listener);
    }

    /**
     * The same login with another QR refresh lead (see {@link LoginFlows#withQrRefreshBefore}).
     *
     * @param lead how long before a QR token expires the next one is exported
     * @return the new login
     */
    public ResumableLogin withQrRefreshBefore(Duration lead) {
        Objects.requireNonNull(lead, "lead");
        return new ResumableLogin(client, auth, maxFailedAttempts, funnel, registry, clock, lead, qrServerClock,
            qrTimer, listener);
    }

    /**
     * The same login reading the server's time for QR refreshes from {@code serverClock} and waiting on
     * {@code timer} (see {@link LoginFlows#withQrClock}; for tests with a movable clock).
     *
     * @param serverClock the server's clock
     * @param timer where the refresh delays run
     * @return the new login
     */
    public ResumableLogin withQrClock(Clock serverClock, Scheduler timer) {
        return new ResumableLogin(client, auth, maxFailedAttempts, funnel, registry, clock, qrRefreshBefore,
            Objects.requireNonNull(serverClock, "serverClock"), Objects.requireNonNull(timer, "timer"), listener);
    }

    /**
     * The same login telling {@code value} about every step (replacing any listener set before).
     *
     * @param value the listener
     * @return the new login
     */
    public ResumableLogin withListener(Listener value) {
        return new ResumableLogin(client, auth, maxFailedAttempts, funnel, registry, clock, qrRefreshBefore,
            qrServerClock, qrTimer, Objects.requireNonNull(value, "value"));
    }

    /** {@return the bound of wrong codes or passwords} */
    public int maxFailedAttempts() {
        return maxFailedAttempts;
    }

    // ----------------------------------------------------------------------------------------------- steps

    /**
     * Where the login stands, read from the stored session (no call to the server): {@code AUTHORIZED} when it has
     * a user (id and bot flag; no names), the pending login's step, or {@code NONE}.
     *
     * @return the status
     */
    public Mono<LoginStatus> status() {
        return stored().map(this::statusOf);
    }

    /**
     * {@code auth.sendCode}: starts a login (replacing a pending one) and saves it at step {@code CODE}. A number
     * that logs in at once (a future auth token) gives {@code AUTHORIZED}.
     *
     * @param phoneNumber the phone number in international format
     * @return {@code CODE} (how the code was sent) or {@code AUTHORIZED}
     */
    public Mono<LoginStatus> sendCode(String phoneNumber) {
        Objects.requireNonNull(phoneNumber, "phoneNumber");
        return auth.sendCode(phoneNumber)
            .flatMap(sent -> {
                if (sent instanceof SentCode.CodeSent code) {
                    funnel.stage("code_sent", "phone");
                    PendingLogin pending = PendingLogin.codeSent(phoneNumber, code.phoneCodeHash(),
                        sentCodeType(code.type()), codeLength(code.type()), codeType(code.nextType()), code.timeout(),
                        code.dcId(), clock.instant());
                    return save(pending);
                }
                return authorized(((SentCode.AlreadyAuthorized) sent).user(), "phone");
            })
            .transform(this::observed);
    }

    /**
     * {@code auth.resendCode}: the code again, by its next type; the pending login keeps its step and attempts.
     *
     * @return {@code CODE}, with the new code's type
     */
    public Mono<LoginStatus> resendCode() {
        return pending(CODE)
            .flatMap(p -> auth.resendCode(sentOf(p))
                .flatMap(sent -> {
                    if (sent instanceof SentCode.CodeSent code) {
                        return save(p.withCode(code.phoneCodeHash(), sentCodeType(code.type()),
                            codeLength(code.type()), codeType(code.nextType()), code.timeout(), clock.instant()));
                    }
                    return authorized(((SentCode.AlreadyAuthorized) sent).user(), "phone");
                })
                .onErrorResume(PhoneCodeExpiredException.class, e -> drop().then(Mono.error(e))))
            .transform(this::observed);
    }

    /**
     * {@code auth.signIn} with the code: {@code AUTHORIZED}; {@code PASSWORD} when the account has 2FA (the hint
     * saved); {@code SIGN_UP} for a new number (the terms saved). A wrong code counts.
     *
     * @param code the code the user received (a secret: never logged or saved)
     * @return the status after the step
     */
    public Mono<LoginStatus> signIn(String code) {
        Objects.requireNonNull(code, "code");
        return pending(CODE)
            .flatMap(p -> auth.signIn(sentOf(p), code)
                .flatMap(result -> {
                    funnel.stage("signed_in", "phone");
                    if (result instanceof SignInResult.Authorized ok) {
                        return authorized(ok.user(), "phone");
                    }
                    HelpTermsOfService terms = ((SignInResult.SignUpRequired) result).termsOfService();
                    return save(p.withSignUpStep(terms == null ? null : terms.text(),
                        terms == null ? null : terms.id().data(), clock.instant()));
                })
                .onErrorResume(SessionPasswordNeededException.class, e -> {
                    funnel.stage("signed_in", "phone");
                    return passwordStep(p, "phone");
                })
                .onErrorResume(PhoneNumberUnoccupiedException.class, e -> {
                    funnel.stage("signed_in", "phone");
                    return save(p.withSignUpStep(null, null, clock.instant()));
                })
                .onErrorResume(PhoneCodeInvalidException.class, e -> wrong(p, e))
                .onErrorResume(PhoneCodeExpiredException.class, e -> drop().then(Mono.error(e))))
            .transform(this::observed);
    }

    /**
     * The 2FA step: the SRP proof of {@code password} ({@link AuthClient#checkPassword}). A wrong password counts.
     *
     * @param password the 2FA password (a secret: never logged or saved)
     * @return {@code AUTHORIZED}
     */
    public Mono<LoginStatus> checkPassword(String password) {
        Objects.requireNonNull(password, "password");
        return pending(PASSWORD)
            .flatMap(p -> auth.checkPassword(password)
                .flatMap(user -> authorized(user, p.phoneNumber() == null ? "qr" : "phone"))
                .onErrorResume(PasswordHashInvalidException.class, e -> wrong(p, e)))
            .transform(this::observed);
    }

    /**
     * {@code auth.signUp} for a new number, then {@code help.acceptTermsOfService} for the terms shown (the caller
     * showed {@link LoginStatus#termsOfServiceText()} before asking the names).
     *
     * @param firstName the first name
     * @param lastName the last name, may be empty
     * @return {@code AUTHORIZED}
     */
    public Mono<LoginStatus> signUp(String firstName, String lastName) {
        Objects.requireNonNull(firstName, "firstName");
        String last = lastName == null ? "" : lastName;
        return pending(SIGN_UP)
            .flatMap(p -> auth.signUp(sentOf(p), firstName, last)
                .flatMap(user -> (p.termsOfServiceId() == null ? Mono.<Boolean>empty()
                    : auth.acceptTermsOfService(new HelpTermsOfService(false, new DataJSON(p.termsOfServiceId()),
                        p.termsOfServiceText() == null ? "" : p.termsOfServiceText(), List.of(), null)))
                    .then(authorized(user, "phone")))
                .onErrorResume(PhoneCodeExpiredException.class, e -> drop().then(Mono.error(e))))
            .transform(this::observed);
    }

    /**
     * {@code auth.importBotAuthorization}: a bot logs in in one step (any pending login is cleared).
     *
     * @param botToken the bot token (a secret: never logged or saved)
     * @return {@code AUTHORIZED}
     */
    public Mono<LoginStatus> botLogin(String botToken) {
        Objects.requireNonNull(botToken, "botToken");
        return auth.importBotAuthorization(botToken)
            .flatMap(user -> authorized(user, "bot"))
            .transform(this::observed);
    }

    /**
     * QR login ({@link LoginFlows#startQr}): a {@code QR} status for every token to show ({@code qrUrl},
     * {@code qrExpires}), a new one before each expires, until another logged-in session accepts it; the last
     * element is {@code AUTHORIZED}, or {@code PASSWORD} when the account has 2FA (saved as a pending login without
     * a phone number: {@link #checkPassword} follows, in this or another request). A
     * {@code auth.loginTokenMigrateTo} is followed (the home DC moves). Already logged in: one {@code AUTHORIZED}.
     *
     * @return the statuses
     */
    public Flux<LoginStatus> qrLogin() {
        return Flux.defer(() -> {
            LoginFlows flows = LoginFlows.create(client);
            if (registry != null) {
                flows = flows.withMeterRegistry((io.micrometer.core.instrument.MeterRegistry) registry);
            }
            if (qrRefreshBefore != null) {
                flows = flows.withQrRefreshBefore(qrRefreshBefore);
            }
            if (qrServerClock != null) {
                flows = flows.withQrClock(qrServerClock, qrTimer);
            }
            return flows.startQr(LoginPrompts.builder().build())
                .concatMap(step -> {
                    if (step instanceof QrLoginStep.Token token) {
                        return Mono.just(new LoginStatus(LoginStatus.Step.QR, null, null, null, null, null, null, null,
                            null, null, null, null, null, false, token.url(), Instant.ofEpochSecond(token.expires()),
                            0));
                    }
                    return authorized(((QrLoginStep.Authorized) step).user(), "qr");
                })
                .onErrorResume(e -> e instanceof LoginPromptEmptyException
                    && e.getCause() instanceof SessionPasswordNeededException, e -> {
                        PendingLogin p = new PendingLogin(PendingLogin.Step.PASSWORD, null, null, null, null, null,
                            null, client.session().homeDc(), clock.instant(), null, null, 0);
                        return passwordStep(p, "qr");
                    });
        }).doOnError(this::failed)
            .doOnSubscribe(x -> listener.onStep())
            .doOnNext(listener::onStatus)
            .doOnError(e -> listener.onError(e, dropsLogin(e)));
    }

    /**
     * {@code auth.logOut} (when logged in) and the session forgets the user, the DCs' authorizations and any
     * pending login.
     *
     * @return {@code NONE}
     */
    public Mono<LoginStatus> logOut() {
        return stored()
            .flatMap(s -> s.userId() == null ? Mono.<Void>empty()
                : auth.logOut().onErrorResume(UnauthorizedException.class, e -> Mono.empty()))
            .then(client.updateSession(SessionState::loggedOut))
            .thenReturn(LoginStatus.NONE)
            .transform(this::observed);
    }

    /**
     * Drops the pending login ({@code auth.cancelCode} for a code not used yet, its failure ignored).
     *
     * @return {@code NONE}, or {@code AUTHORIZED} when the account is logged in (nothing to cancel)
     */
    public Mono<LoginStatus> cancel() {
        return stored().flatMap(s -> {
            if (s.userId() != null) {
                return Mono.just(statusOf(s));
            }
            PendingLogin p = s.pendingLogin();
            Mono<Void> cancelCode = p == null || p.phoneCodeHash() == null || p.step() != PendingLogin.Step.CODE
                ? Mono.empty() : auth.cancelCode(sentOf(p)).onErrorResume(e -> Mono.empty()).then();
            return cancelCode.then(drop()).thenReturn(LoginStatus.NONE);
        }).transform(this::observed);
    }

    // --------------------------------------------------------------------------------------------- helpers

    /** The stored session (the store's, so another instance's steps are seen), or the client's without one. */
    private Mono<SessionState> stored() {
        return client.options().sessionStore().load(client.options().accountId())
            .switchIfEmpty(Mono.fromSupplier(client::session));
    }

    /** The stored pending login, when at one of {@code steps}. */
    private Mono<PendingLogin> pending(Set<LoginStatus.Step> steps) {
        return stored().flatMap(s -> {
            PendingLogin p = s.pendingLogin();
            if (s.userId() != null) {
                return Mono.error(new LoginStepException(steps, LoginStatus.Step.AUTHORIZED));
            }
            if (p == null) {
                return Mono.error(new NoPendingLoginException(client.options().accountId()));
            }
            LoginStatus.Step actual = LoginStatus.Step.valueOf(p.step().name());
            if (!steps.contains(actual)) {
                return Mono.error(new LoginStepException(steps, actual));
            }
            return Mono.just(p);
        });
    }

    private Mono<LoginStatus> save(PendingLogin p) {
        return client.updateSession(s -> s.withPendingLogin(p)).map(this::statusOf);
    }

    private Mono<Void> drop() {
        return client.updateSession(s -> s.withPendingLogin(null)).then();
    }

    /** A wrong code or password: counted in the store; at the bound the pending login is dropped. */
    private Mono<LoginStatus> wrong(PendingLogin p, RpcException e) {
        int failed = p.failedAttempts() + 1;
        if (failed >= maxFailedAttempts) {
            return drop().then(Mono.error(new LoginAttemptsExceededException(maxFailedAttempts, e)));
        }
        int left = maxFailedAttempts - failed;
        RpcException counted = e instanceof PasswordHashInvalidException
            ? new PasswordHashInvalidException(e.code(), e.errorMessage(), left)
            : new PhoneCodeInvalidException(e.code(), e.errorMessage(), left);
        return client.updateSession(s -> s.pendingLogin() == null ? s
                : s.withPendingLogin(s.pendingLogin().withFailedAttempts(failed)))
            .then(Mono.error(counted));
    }

    /** The account has 2FA: its hint read ({@code account.getPassword}) and the PASSWORD step saved. */
    private Mono<LoginStatus> passwordStep(PendingLogin p, String kind) {
        return auth.getPassword()
            .flatMap(settings -> save(p.withPasswordStep(settings.hint(), clock.instant())))
            .doOnNext(status -> funnel.stage("password", kind));
    }

    private Mono<LoginStatus> authorized(User user, String kind) {
        funnel.stage("authorized", kind);
        // the client's session has the user and no pending login (recorded from the authorization's answer)
        if (user instanceof BaseUser u) {
            return Mono.just(new LoginStatus(LoginStatus.Step.AUTHORIZED, u.phone(), null, null, null, null, null,
                null, null, u.id(), u.firstName(), u.lastName(), u.username(), u.bot(), null, null, 0));
        }
        SessionState s = client.session();
        return Mono.just(s.userId() == null ? LoginStatus.NONE : LoginStatus.authorized(s.userId(), s.bot()));
    }

    private Mono<LoginStatus> observed(Mono<LoginStatus> step) {
        return step.doOnError(this::failed)
            .doOnSubscribe(x -> listener.onStep())
            .doOnNext(listener::onStatus)
            .doOnError(e -> listener.onError(e, dropsLogin(e)));
    }

    private static boolean dropsLogin(Throwable e) {
        return e instanceof LoginAttemptsExceededException || e instanceof PhoneCodeExpiredException
            || e instanceof NoPendingLoginException;
    }

    private void failed(Throwable e) {
        funnel.failure(AuthErrors.errorName(e));
    }

    private LoginStatus statusOf(SessionState s) {
        if (s.userId() != null) {
            return LoginStatus.authorized(s.userId(), s.bot());
        }
        PendingLogin p = s.pendingLogin();
        if (p == null) {
            return LoginStatus.NONE;
        }
        return new LoginStatus(LoginStatus.Step.valueOf(p.step().name()), p.phoneNumber(), p.codeType(),
            p.codeLength(), p.nextCodeType(), p.timeoutSeconds(), p.sentAt(), p.passwordHint(),
            p.termsOfServiceText(), null, null, null, null, false, null, null,
            Math.max(0, maxFailedAttempts - p.failedAttempts()));
    }

    private static SentCode.CodeSent sentOf(PendingLogin p) {
        return new SentCode.CodeSent(p.phoneNumber(), p.phoneCodeHash(), null, null, p.timeoutSeconds(), p.dcId());
    }

    /**
     * The short name of a sent code's type: {@code app}, {@code sms}, {@code call}, {@code flash_call},
     * {@code missed_call}, {@code email}, {@code fragment}, {@code firebase_sms}, {@code sms_word},
     * {@code sms_phrase}, {@code setup_email_required}; null for none.
     *
     * @param type the type, or null
     * @return its short name, or null
     */
    public static String sentCodeType(AuthSentCodeType type) {
        if (type == null) {
            return null;
        }
        if (type instanceof AuthSentCodeTypeApp) {
            return "app";
        } else if (type instanceof AuthSentCodeTypeSms) {
            return "sms";
        } else if (type instanceof AuthSentCodeTypeCall) {
            return "call";
        } else if (type instanceof AuthSentCodeTypeFlashCall) {
            return "flash_call";
        } else if (type instanceof AuthSentCodeTypeMissedCall) {
            return "missed_call";
        } else if (type instanceof AuthSentCodeTypeEmailCode) {
            return "email";
        } else if (type instanceof AuthSentCodeTypeFragmentSms) {
            return "fragment";
        } else if (type instanceof AuthSentCodeTypeFirebaseSms) {
            return "firebase_sms";
        } else if (type instanceof AuthSentCodeTypeSmsWord) {
            return "sms_word";
        } else if (type instanceof AuthSentCodeTypeSmsPhrase) {
            return "sms_phrase";
        } else if (type instanceof AuthSentCodeTypeSetUpEmailRequired) {
            return "setup_email_required";
        }
        return type.tlName();
    }

    private static Integer codeLength(AuthSentCodeType type) {
        if (type instanceof AuthSentCodeTypeApp t) {
            return t.length();
        } else if (type instanceof AuthSentCodeTypeSms t) {
            return t.length();
        } else if (type instanceof AuthSentCodeTypeCall t) {
            return t.length();
        } else if (type instanceof AuthSentCodeTypeMissedCall t) {
            return t.length();
        } else if (type instanceof AuthSentCodeTypeEmailCode t) {
            return t.length();
        } else if (type instanceof AuthSentCodeTypeFragmentSms t) {
            return t.length();
        }
        return null;
    }

    /** The short name of the next code type ({@code sms}, {@code call}, ...), or null. */
    private static String codeType(AuthCodeType type) {
        if (type == null) {
            return null;
        } else if (type instanceof AuthCodeTypeSms) {
            return "sms";
        } else if (type instanceof AuthCodeTypeCall) {
            return "call";
        } else if (type instanceof AuthCodeTypeFlashCall) {
            return "flash_call";
        } else if (type instanceof AuthCodeTypeMissedCall) {
            return "missed_call";
        } else if (type instanceof AuthCodeTypeFragmentSms) {
            return "fragment";
        }
        return type.tlName();
    }
}
