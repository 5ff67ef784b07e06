package io.mtflux.auth;

import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.crypto.SrpClient;
import io.mtflux.core.rpc.FloodWaitException;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.rpc.UnauthorizedException;
import io.mtflux.core.tl.TlMethod;
import io.mtflux.core.tl.api.BaseInputCheckPasswordSRP;
import io.mtflux.core.tl.api.CodeSettings;
import io.mtflux.core.tl.api.InputUserSelf;
import io.mtflux.core.tl.api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow;
import io.mtflux.core.tl.api.User;
import io.mtflux.core.tl.api.account.AccountGetPassword;
import io.mtflux.core.tl.api.account.AccountPassword;
import io.mtflux.core.tl.api.auth.AuthAuthorization;
import io.mtflux.core.tl.api.auth.AuthAuthorizationSignUpRequired;
import io.mtflux.core.tl.api.auth.AuthCancelCode;
import io.mtflux.core.tl.api.auth.AuthCheckPassword;
import io.mtflux.core.tl.api.auth.AuthImportBotAuthorization;
import io.mtflux.core.tl.api.auth.AuthAcceptLoginToken;
import io.mtflux.core.tl.api.auth.AuthExportAuthorization;
import io.mtflux.core.tl.api.auth.AuthExportLoginToken;
import io.mtflux.core.tl.api.auth.AuthExportedAuthorization;
import io.mtflux.core.tl.api.auth.AuthImportAuthorization;
import io.mtflux.core.tl.api.auth.AuthImportLoginToken;
import io.mtflux.core.tl.api.auth.AuthLogOut;
import io.mtflux.core.tl.api.auth.AuthLoginToken;
import io.mtflux.core.tl.api.auth.AuthLoginTokenMigrateTo;
import io.mtflux.core.tl.api.auth.AuthLoginTokenSuccess;
import io.mtflux.core.tl.api.auth.AuthResendCode;
import io.mtflux.core.tl.api.auth.AuthSendCode;
import io.mtflux.core.tl.api.auth.AuthSentCode;
import io.mtflux.core.tl.api.auth.AuthSentCodeSuccess;
import io.mtflux.core.tl.api.auth.AuthSignIn;
import io.mtflux.core.tl.api.auth.AuthSignUp;
import io.mtflux.core.tl.api.auth.BaseAuthAuthorization;
import io.mtflux.core.tl.api.auth.BaseAuthLoginToken;
import io.mtflux.core.tl.api.auth.BaseAuthSentCode;
import io.mtflux.core.tl.api.help.HelpAcceptTermsOfService;
import io.mtflux.core.tl.api.help.HelpTermsOfService;
import io.mtflux.core.tl.api.users.UsersGetUsers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * A {@code Mono} for every {@code auth.*} call a login needs, on an {@link MtprotoClient}: typed results (sealed
 * where the API has alternatives) and typed errors ({@link AuthErrors}). DC migration ({@code PHONE_MIGRATE_X}
 * and the others), flood waits and internal errors are handled by the client below every call. A successful login
 * marks the user and the home DC's key as authorized in the session.
 */
public final class AuthClient {
    private final MtprotoClient client;
    private final LoginMetrics metrics;

    private AuthClient(MtprotoClient client, LoginMetrics metrics) {
        this.client = Objects.requireNonNull(client, "client");
        this.metrics = metrics;
    }

    /**
     * Login calls on {@code client} (which must be connected). Creating one changes nothing on the client.
     *
     * @param client a connected client
     * @return the login calls
     */
    public static AuthClient create(MtprotoClient client) {
        return new AuthClient(client, LoginMetrics.NONE);
    }

    /** The same calls, counting migrations and surfaced flood waits in {@code metrics}. */
    AuthClient withMetrics(LoginMetrics value) {
        return new AuthClient(client, value);
    }

    /**
     * {@return the client the calls go through}
     */
    public MtprotoClient client() {
        return client;
    }

    /**
     * A login step as an observation {@code mtproto.login} (keys {@code method}, the step's TL method, and
     * {@code outcome}, {@code ok} or the error's name; nothing of what was sent), parent of the step's RPCs, when the
     * client's resources have an observation registry.
     */
    private <T> Mono<T> observed(String method, Mono<T> step) {
        if (client.resources().observationRegistry() == null) {
            return step;
        }
        return io.mtflux.core.metrics.Observed.mono(client.resources().observationRegistry(), "mtproto.login",
            method, e -> e instanceof RpcException rpc ? rpc.errorType() : e.getClass().getSimpleName(), step);
    }

    /** Calls {@code method} on the home DC (the client follows migrations), with typed errors. */
    private <R> Mono<R> onHomeDc(TlMethod<R> method) {
        return client.invoke(method)
            .doOnError(FloodWaitException.class, e -> metrics.floodWait(method.tlName(), e.seconds()))
            .onErrorMap(AuthErrors::typed);
    }

    /**
     * {@code auth.sendCode} with empty code settings.
     *
     * @param phoneNumber the phone number in international format
     * @return the code sent, or the authorization when the number logged in at once
     */
    public Mono<SentCode> sendCode(String phoneNumber) {
        return sendCode(phoneNumber, CodeSettings.builder().build());
    }

    /**
     * {@code auth.sendCode}; after a {@code PHONE_MIGRATE_X} the login continues on the account's DC.
     *
     * @param phoneNumber the phone number in international format
     * @param settings how the code may be sent
     * @return the code sent, or the authorization when the number logged in at once
     */
    public Mono<SentCode> sendCode(String phoneNumber, CodeSettings settings) {
        return observed("auth.sendCode", Mono.defer(() -> onHomeDc(new AuthSendCode(phoneNumber, client.apiId(),
            client.apiHash(), settings))).flatMap(sent -> sentCode(phoneNumber, sent)));
    }

    private Mono<SentCode> sentCode(String phoneNumber, AuthSentCode sent) {
        if (sent instanceof BaseAuthSentCode code) {
            return Mono.just(new SentCode.CodeSent(phoneNumber, code.phoneCodeHash(), code.type(), code.nextType(),
                code.timeout(), client.session().homeDc()));
        }
        if (sent instanceof AuthSentCodeSuccess success) {
            return authorized(success.authorization()).map(SentCode.AlreadyAuthorized::new);
        }
        return Mono.error(new IllegalStateException("unsupported answer to auth.sendCode: " + sent.tlName()));
    }

    /**
     * {@code auth.resendCode}: the code again, by {@code nextType}.
     *
     * @param sent the previous answer
     * @return the code sent anew
     */
    public Mono<SentCode> resendCode(SentCode.CodeSent sent) {
        return observed("auth.resendCode", onHomeDc(new AuthResendCode(sent.phoneNumber(), sent.phoneCodeHash(), null))
            .flatMap(answer -> sentCode(sent.phoneNumber(), answer)));
    }

    /**
     * {@code auth.cancelCode}.
     *
     * @param sent the answer whose code to cancel
     * @return the server's answer
     */
    public Mono<Boolean> cancelCode(SentCode.CodeSent sent) {
        return onHomeDc(new AuthCancelCode(sent.phoneNumber(), sent.phoneCodeHash()));
    }

    /**
     * {@code auth.signIn} with the code: {@link SignInResult.Authorized}, or {@link SignInResult.SignUpRequired}
     * for a new number. Fails with {@link SessionPasswordNeededException} when the account has 2FA.
     *
     * @param sent the answer the code belongs to
     * @param code the code the user received (a secret)
     * @return the result
     */
    public Mono<SignInResult> signIn(SentCode.CodeSent sent, String code) {
        return observed("auth.signIn", onHomeDc(new AuthSignIn(sent.phoneNumber(), sent.phoneCodeHash(), code, null))
            .flatMap(this::signInResult));
    }

    private Mono<SignInResult> signInResult(AuthAuthorization authorization) {
        if (authorization instanceof AuthAuthorizationSignUpRequired required) {
            return Mono.just(new SignInResult.SignUpRequired(required.termsOfService()));
        }
        return authorized(authorization).map(SignInResult.Authorized::new);
    }

    /**
     * {@code auth.signUp} for a new number.
     *
     * @param sent the answer the code belongs to
     * @param firstName the first name
     * @param lastName the last name, may be empty
     * @return the new user
     */
    public Mono<User> signUp(SentCode.CodeSent sent, String firstName, String lastName) {
        return observed("auth.signUp", onHomeDc(new AuthSignUp(false, sent.phoneNumber(), sent.phoneCodeHash(),
            firstName, lastName)).flatMap(this::authorized));
    }

    /**
     * {@code help.acceptTermsOfService}, once logged in (after {@link #signUp}).
     *
     * @param terms the terms shown at sign-up
     * @return the server's answer
     */
    public Mono<Boolean> acceptTermsOfService(HelpTermsOfService terms) {
        return onHomeDc(new HelpAcceptTermsOfService(terms.id()));
    }

    /**
     * {@code account.getPassword}: the SRP parameters and hint of the account's 2FA password.
     *
     * @return the password settings
     */
    public Mono<AccountPassword> getPassword() {
        return onHomeDc(new AccountGetPassword());
    }

    /**
     * The 2FA step: {@code account.getPassword}, the SRP proof computed on {@code Schedulers.parallel()} (never on
     * an event loop), then {@code auth.checkPassword}. Fails with {@link PasswordHashInvalidException} for a wrong
     * password.
     *
     * @param password the 2FA password (a secret)
     * @return the logged-in user
     */
    public Mono<User> checkPassword(String password) {
        Objects.requireNonNull(password, "password");
        return observed("auth.checkPassword", getPassword().flatMap(settings -> {
            if (!(settings.currentAlgo()
                instanceof PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow algo)
                || settings.srpB() == null || settings.srpId() == null) {
                return Mono.error(new IllegalStateException("the account has no supported 2FA password set"));
            }
            return SrpClient.computeProofAsync(password.getBytes(StandardCharsets.UTF_8), algo.salt1(), algo.salt2(),
                    algo.g(), algo.p(), settings.srpB(), RandomSource.secure())
                .flatMap(proof -> onHomeDc(new AuthCheckPassword(
                    new BaseInputCheckPasswordSRP(settings.srpId(), proof.a(), proof.m1()))))
                .flatMap(this::authorized);
        }));
    }

    /**
     * {@code auth.importBotAuthorization}. Fails with {@link AccessTokenInvalidException} for a bad token.
     *
     * @param botToken the bot token from BotFather (a secret)
     * @return the bot's user
     */
    public Mono<User> importBotAuthorization(String botToken) {
        return observed("auth.importBotAuthorization", Mono.defer(() -> onHomeDc(new AuthImportBotAuthorization(0,
            client.apiId(), client.apiHash(), botToken))).flatMap(this::authorized));
    }

    /**
     * One round of QR login ({@code auth.exportLoginToken}): a token to show as {@code tg://login?token=...}, or,
     * once another session accepted it, the login itself. A {@code loginTokenMigrateTo} is followed at once
     * (home DC moved, {@code auth.importLoginToken} there). Call again after {@code updateLoginToken} arrives or
     * the token expires.
     *
     * @return the token to show, or the login once accepted
     */
    public Mono<QrLoginStep> exportLoginToken() {
        return observed("auth.exportLoginToken", Mono.defer(() -> onHomeDc(new AuthExportLoginToken(client.apiId(),
            client.apiHash(), List.of()))).flatMap(this::qrStep));
    }

    private Mono<QrLoginStep> qrStep(AuthLoginToken answer) {
        if (answer instanceof BaseAuthLoginToken token) {
            return Mono.just(new QrLoginStep.Token(token.token(), token.expires()));
        }
        if (answer instanceof AuthLoginTokenMigrateTo migrate) {
            metrics.migration("qr", migrate.dcId());
            return client.setHomeDc(migrate.dcId())
                .then(onHomeDc(new AuthImportLoginToken(migrate.token())))
                .flatMap(this::qrStep);
        }
        return authorized(((AuthLoginTokenSuccess) answer).authorization()).map(QrLoginStep.Authorized::new);
    }

    /**
     * {@code auth.acceptLoginToken}: this (logged-in) session approves a QR login shown elsewhere.
     *
     * @param token the token read from the QR code
     * @return the authorization of the session that showed it
     */
    public Mono<io.mtflux.core.tl.api.Authorization> acceptLoginToken(byte[] token) {
        return onHomeDc(new AuthAcceptLoginToken(token));
    }

    /**
     * {@code auth.exportAuthorization} on the home DC: bytes that log this account in on {@code dcId}. The client
     * does this by itself before the first call on another DC.
     *
     * @param dcId the DC the authorization is for
     * @return the exported authorization (its bytes are a secret)
     */
    public Mono<AuthExportedAuthorization> exportAuthorization(int dcId) {
        return onHomeDc(new AuthExportAuthorization(dcId));
    }

    /**
     * {@code auth.importAuthorization} on {@code dcId}: logs this client's key on that DC in; the client marks the
     * DC authorized in the session.
     *
     * @param dcId the DC to log in on
     * @param exported what {@link #exportAuthorization(int)} returned
     * @return completes when the DC accepted it
     */
    public Mono<Void> importAuthorization(int dcId, AuthExportedAuthorization exported) {
        return client.invoke(dcId, new AuthImportAuthorization(exported.id(), exported.bytes()))
            .onErrorMap(AuthErrors::typed)
            .then();
    }

    /**
     * {@code auth.logOut}; the client forgets the user in the session and the authorizations of every DC.
     *
     * @return completes when the server logged the session out
     */
    public Mono<Void> logOut() {
        return onHomeDc(new AuthLogOut()).then();
    }

    /** {@return the logged-in user ({@code users.getUsers([inputUserSelf])}); 401 when not logged in} */
    public Mono<User> me() {
        return onHomeDc(new UsersGetUsers(List.of(new InputUserSelf())))
            .flatMap(users -> users.isEmpty() ? Mono.error(new IllegalStateException("users.getUsers was empty"))
                : Mono.just(users.get(0)));
    }

    /** {@return whether the session is logged in: a cheap authorized call, 401 meaning no} */
    public Mono<Boolean> isAuthorized() {
        return me().map(u -> true).onErrorResume(UnauthorizedException.class, e -> Mono.just(false));
    }

    /** The user of a login (the client has recorded it in the session: user, bot flag, authorized home DC). */
    private Mono<User> authorized(AuthAuthorization authorization) {
        if (!(authorization instanceof BaseAuthAuthorization auth)) {
            return Mono.error(new IllegalStateException("expected an authorization, got " + authorization.tlName()));
        }
        return Mono.just(auth.user());
    }
}
