package io.mtflux.auth;

import io.mtflux.core.tl.api.User;
import io.mtflux.core.tl.api.auth.AuthCodeTypeCall;
import io.mtflux.core.tl.api.auth.AuthCodeTypeFlashCall;
import io.mtflux.core.tl.api.auth.AuthCodeTypeMissedCall;
import io.mtflux.core.tl.api.help.HelpTermsOfService;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * One login in progress: its prompts, how often each was asked, and the code sent and not yet used. Its steps
 * (phone, code, password, sign-up, bot token) follow https://core.telegram.org/api/auth; each step calls the
 * server, hands an error to {@link LoginPrompts#decide}, and asks again (at most {@code maxAttempts} errors per
 * step) or ends with the error. Each call's result is mapped to the next step as a {@code Mono} before it is
 * subscribed, so that a step's error handler sees only its own call's errors, never a later step's or a prompt's.
 */
final class LoginRun {
    private static final Logger LOG = LoggerFactory.getLogger(LoginRun.class);

    private final AuthClient auth;
    private final LoginPrompts prompts;
    private final int maxAttempts;
    private final Scheduler timer;
    private final Map<LoginPrompts.Prompt, AtomicInteger> asks = new EnumMap<>(LoginPrompts.Prompt.class);
    /** The code sent and not yet used: cancelled when the login ends without it. */
    private final AtomicReference<SentCode.CodeSent> pendingCode = new AtomicReference<>();

    LoginRun(AuthClient auth, LoginPrompts prompts, int maxAttempts, Scheduler timer) {
        this.auth = auth;
        this.prompts = prompts;
        this.maxAttempts = maxAttempts;
        this.timer = timer;
        for (LoginPrompts.Prompt p : LoginPrompts.Prompt.values()) {
            asks.put(p, new AtomicInteger());
        }
    }

    private int nextAsk(LoginPrompts.Prompt prompt) {
        return asks.get(prompt).incrementAndGet();
    }

    /** {@code answer}, or {@link LoginPromptEmptyException} when it is empty. */
    private static <T> Mono<T> required(LoginPrompts.Prompt prompt, Mono<T> answer, Throwable previous) {
        return answer.switchIfEmpty(Mono.error(() -> new LoginPromptEmptyException(prompt, previous)));
    }

    /** After {@code error} of a call at the {@code attempt}-th try of a step: {@code again}, or the error. */
    private Mono<Mono<User>> afterError(Throwable error, int attempt, Supplier<Mono<User>> again) {
        return prompts.decide(error).map(action -> action == LoginPrompts.ErrorAction.CONTINUE
            && attempt < maxAttempts ? Mono.defer(again) : Mono.<User>error(error));
    }

    // ------------------------------------------------------------------ bot

    /** The bot token the prompts offer (asked first), or empty for a user login. */
    Mono<String> offeredBotToken() {
        return Mono.defer(() -> prompts.botToken(nextAsk(LoginPrompts.Prompt.BOT_TOKEN)));
    }

    /** {@code auth.importBotAuthorization}; a token refused is asked for again if {@code onError} says so. */
    Mono<User> bot(String token, int attempt) {
        return auth.importBotAuthorization(token).map(Mono::just)
            .onErrorResume(e -> afterError(e, attempt, () -> Mono.defer(() -> required(LoginPrompts.Prompt.BOT_TOKEN,
                    prompts.botToken(nextAsk(LoginPrompts.Prompt.BOT_TOKEN)), e))
                .flatMap(again -> bot(again, attempt + 1))))
            .flatMap(Function.identity());
    }

    // ------------------------------------------------------------------ user

    /**
     * Phone, code, then 2FA or sign-up. A code sent and not used when the login fails or is cancelled is
     * cancelled ({@code auth.cancelCode}, https://core.telegram.org/method/auth.cancelCode).
     */
    Mono<User> user() {
        return phoneStep(1, null)
            .doOnError(e -> cancelPendingCode())
            .doOnCancel(this::cancelPendingCode);
    }

    private void cancelPendingCode() {
        SentCode.CodeSent sent = pendingCode.getAndSet(null);
        if (sent != null) {
            auth.cancelCode(sent).subscribe(ok -> { },
                e -> LOG.debug("auth.cancelCode of an abandoned login failed: {}", e.toString()));
        }
    }

    private Mono<User> phoneStep(int attempt, Throwable previous) {
        return Mono.defer(() -> required(LoginPrompts.Prompt.PHONE,
                prompts.phone(nextAsk(LoginPrompts.Prompt.PHONE)), previous))
            .flatMap(phone -> sendCode(phone, attempt));
    }

    /** {@code auth.sendCode}; after an error the phone is asked again, or for AUTH_RESTART sent again. */
    private Mono<User> sendCode(String phone, int attempt) {
        return auth.sendCode(phone)
            .map(sent -> afterCodeSent(sent, attempt))
            .onErrorResume(e -> afterError(e, attempt, () -> e instanceof AuthRestartException
                ? sendCode(phone, attempt + 1) : phoneStep(attempt + 1, e)))
            .flatMap(Function.identity());
    }

    private Mono<User> afterCodeSent(SentCode sent, int attempt) {
        if (sent instanceof SentCode.CodeSent code) {
            return codeStep(code, attempt, null);
        }
        return authorized(((SentCode.AlreadyAuthorized) sent).user());
    }

    /**
     * Asks for the code. When the code's {@code next_type} is a call (voice, flash or missed) and {@code timeout}
     * seconds pass without an answer, the question is cancelled and the code resent by that call, as
     * https://core.telegram.org/api/auth describes; the prompt is then asked with the new {@code SentCode}.
     */
    private Mono<User> codeStep(SentCode.CodeSent sent, int attempt, Throwable previous) {
        return Mono.defer(() -> {
            pendingCode.set(sent);
            Mono<CodeAnswer> answer = required(LoginPrompts.Prompt.CODE,
                prompts.code(sent, nextAsk(LoginPrompts.Prompt.CODE)), previous);
            Duration callAfter = callFallback(sent);
            if (callAfter != null) {
                answer = Mono.firstWithSignal(answer, Mono.delay(callAfter, timer).map(t -> CodeAnswer.resend()));
            }
            return answer.flatMap(a -> a instanceof CodeAnswer.Code code
                ? signIn(sent, code.code(), attempt) : resend(sent, attempt, false));
        });
    }

    private static Duration callFallback(SentCode.CodeSent sent) {
        boolean call = sent.nextType() instanceof AuthCodeTypeCall || sent.nextType() instanceof AuthCodeTypeFlashCall
            || sent.nextType() instanceof AuthCodeTypeMissedCall;
        return call && sent.timeout() != null && sent.timeout() > 0 ? Duration.ofSeconds(sent.timeout()) : null;
    }

    /**
     * {@code auth.resendCode} (asked for, after the call timeout, or after PHONE_CODE_EXPIRED), then the code
     * again. After an error the code is asked again, unless the code had expired and the hash is gone too
     * (PHONE_CODE_EXPIRED, SEND_CODE_UNAVAILABLE): then a new one from {@code auth.sendCode}.
     */
    private Mono<User> resend(SentCode.CodeSent sent, int attempt, boolean expired) {
        return auth.resendCode(sent)
            .map(next -> afterCodeSent(next, attempt))
            .onErrorResume(e -> afterError(e, attempt, () -> expired && (e instanceof PhoneCodeExpiredException
                || e instanceof SendCodeUnavailableException)
                ? sendCode(sent.phoneNumber(), attempt + 1) : codeStep(sent, attempt + 1, e)))
            .flatMap(Function.identity());
    }

    /**
     * {@code auth.signIn}: logged in; or sign-up (auth.authorizationSignUpRequired, or PHONE_NUMBER_UNOCCUPIED from
     * servers before it); or 2FA (SESSION_PASSWORD_NEEDED). After another error the code is asked again, or for
     * PHONE_CODE_EXPIRED resent first.
     */
    private Mono<User> signIn(SentCode.CodeSent sent, String code, int attempt) {
        return auth.signIn(sent, code)
            .map(result -> result instanceof SignInResult.Authorized done ? authorized(done.user())
                : signUpStep(sent, ((SignInResult.SignUpRequired) result).termsOfService(), 1, null))
            .onErrorResume(SessionPasswordNeededException.class, e -> {
                pendingCode.set(null);
                return Mono.just(passwordStep(1, e));
            })
            .onErrorResume(PhoneNumberUnoccupiedException.class, e -> Mono.just(signUpStep(sent, null, 1, null)))
            .onErrorResume(e -> afterError(e, attempt, () -> e instanceof PhoneCodeExpiredException
                ? resend(sent, attempt + 1, true) : codeStep(sent, attempt + 1, e)))
            .flatMap(Function.identity());
    }

    private Mono<User> authorized(User user) {
        pendingCode.set(null);
        return Mono.just(user);
    }

    /** The names (given the terms of service), then {@code auth.signUp}; after an error the names again. */
    private Mono<User> signUpStep(SentCode.CodeSent sent, HelpTermsOfService terms, int attempt, Throwable previous) {
        return Mono.defer(() -> required(LoginPrompts.Prompt.SIGN_UP,
                prompts.signUp(TermsOfService.of(terms), nextAsk(LoginPrompts.Prompt.SIGN_UP)), previous))
            .flatMap(names -> auth.signUp(sent, names.firstName(), names.lastName())
                .map(user -> {
                    pendingCode.set(null);
                    return terms == null ? Mono.just(user) : auth.acceptTermsOfService(terms).thenReturn(user);
                })
                .onErrorResume(e -> afterError(e, attempt, () -> signUpStep(sent, terms, attempt + 1, e)))
                .flatMap(Function.identity()));
    }

    // ------------------------------------------------------------------ 2FA

    /**
     * The 2FA step (https://core.telegram.org/api/srp): {@code account.getPassword} for the hint, the password
     * prompt, {@code auth.checkPassword}; after an error the password again.
     *
     * @param cause the SESSION_PASSWORD_NEEDED that asked for it (the cause of an empty prompt's error)
     */
    Mono<User> password(Throwable cause) {
        return passwordStep(1, cause);
    }

    private Mono<User> passwordStep(int attempt, Throwable previous) {
        return auth.getPassword()
            .map(settings -> Mono.defer(() -> required(LoginPrompts.Prompt.PASSWORD,
                    prompts.password(settings.hint(), nextAsk(LoginPrompts.Prompt.PASSWORD)), previous))
                .flatMap(password -> checkPassword(password, attempt)))
            .onErrorResume(e -> afterError(e, attempt, () -> passwordStep(attempt + 1, e)))
            .flatMap(Function.identity());
    }

    private Mono<User> checkPassword(String password, int attempt) {
        return auth.checkPassword(password).map(Mono::just)
            .onErrorResume(e -> afterError(e, attempt, () -> passwordStep(attempt + 1, e)))
            .flatMap(Function.identity());
    }
}
