package io.mtflux.auth;

import io.mtflux.core.tl.api.User;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Whole logins on top of {@link AuthClient}: phone, code, 2FA password, sign-up, with bounded re-prompts (a
 * wrong code or password asks again at most {@code maxAttempts} times, then fails with its typed error; an
 * expired code is re-sent), bot login, and {@link #start} which logs in only when the session is not already
 * authorized. Everything is a cold {@code Mono}; cancelling it stops the flow.
 */
public final class LoginFlows {
    /** How often a wrong code or password is asked for again, by default. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    private final AuthClient auth;
    private final int maxAttempts;

    private LoginFlows(AuthClient auth, int maxAttempts) {
        this.auth = Objects.requireNonNull(auth, "auth");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        this.maxAttempts = maxAttempts;
    }

    public static LoginFlows of(AuthClient auth) {
        return new LoginFlows(auth, DEFAULT_MAX_ATTEMPTS);
    }

    /** The same flows with another bound on wrong codes and passwords. */
    public LoginFlows withMaxAttempts(int attempts) {
        return new LoginFlows(auth, attempts);
    }

    /** The logged-in user if the session is authorized, else the user login driven by {@code prompts}. */
    public Mono<User> start(LoginPrompts prompts) {
        return auth.isAuthorized().flatMap(yes -> yes ? auth.me() : userLogin(prompts));
    }

    /** The bot's user if the session is authorized, else a bot login with {@code botToken}. */
    public Mono<User> startBot(String botToken) {
        return auth.isAuthorized().flatMap(yes -> yes ? auth.me() : auth.importBotAuthorization(botToken));
    }

    /** Phone, code (re-asked when wrong, re-sent when expired), then 2FA or sign-up when the account needs it. */
    public Mono<User> userLogin(LoginPrompts prompts) {
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
        return auth.getPassword()
            .flatMap(settings -> prompts.password(settings.hint()))
            .flatMap(auth::checkPassword)
            .onErrorResume(PasswordHashInvalidException.class, e -> {
                prompts.onError(e);
                return attempt >= maxAttempts ? Mono.error(e) : passwordStep(prompts, attempt + 1);
            });
    }

    private Mono<User> signUpStep(LoginPrompts prompts, SentCode.CodeSent sent, SignInResult.SignUpRequired required) {
        return prompts.signUp(required.termsOfService())
            .flatMap(names -> auth.signUp(sent, names.firstName(), names.lastName()))
            .flatMap(user -> required.termsOfService() == null ? Mono.just(user)
                : auth.acceptTermsOfService(required.termsOfService()).thenReturn(user));
    }
}
