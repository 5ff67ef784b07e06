package io.mtflux.testkit.api;

import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.tl.TlMethod;
import io.mtflux.core.tl.api.BaseInputUser;
import io.mtflux.core.tl.api.InputUser;
import io.mtflux.core.tl.api.InputUserSelf;
import io.mtflux.core.tl.api.User;
import io.mtflux.core.tl.api.account.AccountGetAuthorizations;
import io.mtflux.core.tl.api.account.AccountGetPassword;
import io.mtflux.core.tl.api.account.AccountResetAuthorization;
import io.mtflux.core.tl.api.account.AccountUpdateProfile;
import io.mtflux.core.tl.api.auth.AuthAcceptLoginToken;
import io.mtflux.core.tl.api.auth.AuthCancelCode;
import io.mtflux.core.tl.api.auth.AuthExportLoginToken;
import io.mtflux.core.tl.api.auth.AuthImportLoginToken;
import io.mtflux.core.tl.api.messages.MessagesSendMessage;
import io.mtflux.core.tl.api.auth.AuthCheckPassword;
import io.mtflux.core.tl.api.auth.AuthExportAuthorization;
import io.mtflux.core.tl.api.auth.AuthImportAuthorization;
import io.mtflux.core.tl.api.auth.AuthImportBotAuthorization;
import io.mtflux.core.tl.api.auth.AuthLogOut;
import io.mtflux.core.tl.api.auth.AuthResendCode;
import io.mtflux.core.tl.api.auth.AuthResetAuthorizations;
import io.mtflux.core.tl.api.auth.AuthSendCode;
import io.mtflux.core.tl.api.auth.AuthSignIn;
import io.mtflux.core.tl.api.auth.AuthSignUp;
import io.mtflux.core.tl.api.help.HelpAcceptTermsOfService;
import io.mtflux.core.tl.api.help.HelpGetConfig;
import io.mtflux.core.tl.api.help.HelpGetNearestDc;
import io.mtflux.core.tl.api.updates.UpdatesGetDifference;
import io.mtflux.core.tl.api.updates.UpdatesGetState;
import io.mtflux.core.tl.api.users.UsersGetFullUser;
import io.mtflux.core.tl.api.users.UsersGetUsers;
import io.mtflux.testkit.server.RequestContext;
import io.mtflux.testkit.server.RpcHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * The Telegram API of one DC of the cluster. Before login only the methods Telegram allows unauthorized keys
 * answer (docs/protocol.md 6.1); everything else is 401 AUTH_KEY_UNREGISTERED (SESSION_PASSWORD_NEEDED while the 2FA
 * step is pending, SESSION_REVOKED after another session ended all others, SESSION_EXPIRED after the operator expired
 * it, USER_DEACTIVATED / USER_DEACTIVATED_BAN for a deleted / banned account). A key the operator marked duplicated
 * gets 406 AUTH_KEY_DUPLICATED for everything. A logged-in account's home-only calls on another DC answer
 * USER_MIGRATE_X. Methods the testkit does not implement answer 400 METHOD_INVALID.
 *
 * <p>Logins are kept per {@link RequestContext#authorizationKey()}: a query over a temporary key bound with
 * auth.bindTempAuthKey acts with (and logs in) its permanent key (https://core.telegram.org/api/pfs). The binding
 * itself and the refusal of unbound temporary keys are the server's, before this handler.
 */
public final class ApiHandler implements RpcHandler {
    /** docs/protocol.md 6.1, by TL name. */
    private static final Set<String> ALLOWED_UNAUTHORIZED = Set.of(
        "account.deleteAccount", "account.getPassword", "account.sendVerifyEmailCode", "account.verifyEmail",
        "auth.bindTempAuthKey", "auth.cancelCode", "auth.checkPassword", "auth.exportLoginToken",
        "auth.importAuthorization", "auth.importBotAuthorization", "auth.importLoginToken",
        "auth.importWebTokenAuthorization", "auth.reportMissingCode", "auth.requestFirebaseSms", "auth.resendCode",
        "auth.resetLoginEmail", "auth.sendCode", "auth.signIn", "auth.signUp", "auth.requestPasswordRecovery",
        "auth.checkRecoveryPassword", "auth.recoverPassword",
        "help.getAppConfig", "help.getConfig", "help.getCountriesList", "help.getDeepLinkInfo",
        "help.getNearestDc", "help.saveAppLog", "help.getCdnConfig",
        "langpack.getDifference", "langpack.getLangPack", "langpack.getLanguage", "langpack.getLanguages",
        "langpack.getStrings");
    /** Calls that only the account's home DC answers. */
    private static final Set<String> HOME_ONLY = Set.of("updates.getState", "updates.getDifference",
        "account.updateProfile", "messages.sendMessage", "messages.getHistory", "messages.getDialogs");

    /** The most messages one updates.getDifference answer carries (a differenceSlice asks for the rest). */
    static final int DIFFERENCE_LIMIT = 100;

    private final int dcId;
    private final AccountDatabase db;
    private final ClusterTopology topology;
    private final Authorizations sessions;
    private final LoginMethods login;
    private final PasswordMethods passwords;
    private final QrLoginMethods qr;
    private final ProfileMethods profile;

    /**
     * @param dcId the DC this handler answers for
     * @param dcCount how many DCs the cluster has
     * @param db the cluster's shared accounts
     * @param topology the cluster's addresses, for help.getConfig
     */
    public ApiHandler(int dcId, int dcCount, AccountDatabase db, ClusterTopology topology) {
        this.dcId = dcId;
        this.db = Objects.requireNonNull(db, "db");
        this.topology = Objects.requireNonNull(topology, "topology");
        this.sessions = new Authorizations(dcId, dcCount, db);
        this.login = new LoginMethods(dcId, db, sessions);
        this.passwords = new PasswordMethods(db, sessions);
        this.qr = new QrLoginMethods(dcId, db, sessions);
        this.profile = new ProfileMethods(db);
    }

    @Override
    public Mono<Object> handle(RequestContext ctx, TlMethod<?> query) {
        try {
            return dispatch(ctx, query);
        } catch (RpcException e) {
            return Mono.error(e);
        }
    }

    private Mono<Object> dispatch(RequestContext ctx, TlMethod<?> q) {
        String name = q.tlName();
        db.countCall(name);
        if (db.isDuplicated(ctx.authorizationKey().id())) {
            throw ApiErrors.authKeyDuplicated();
        }
        KeyAuthorization auth = Authorizations.of(ctx.authorizationKey());
        Account self = null;
        if (auth != null && auth.authorized()) {
            Account account = db.account(auth.userId()).orElse(null);
            String ended = account == null ? "USER_DEACTIVATED"
                : db.isBanned(account.id()) ? "USER_DEACTIVATED_BAN" : null;
            if (ended != null) {
                // the account is gone or banned: the key answers as not logged in, so it may log in as someone else
                if (!ALLOWED_UNAUTHORIZED.contains(name)) {
                    throw ApiErrors.unauthorized(ended);
                }
            } else {
                self = account;
                if (self.homeDc() != dcId && HOME_ONLY.contains(name)) {
                    throw ApiErrors.userMigrate(self.homeDc());
                }
                db.touch(ctx);
            }
        } else if (!ALLOWED_UNAUTHORIZED.contains(name)) {
            if (auth != null && auth.state() == KeyAuthorization.State.PASSWORD_PENDING) {
                throw ApiErrors.passwordNeeded();
            }
            throw ApiErrors.unauthorized(auth == null ? "AUTH_KEY_UNREGISTERED"
                : auth.state() == KeyAuthorization.State.EXPIRED ? "SESSION_EXPIRED" : "SESSION_REVOKED");
        }
        ApiObjects objects = ApiObjects.forLayer(ctx.layer());
        if (q instanceof HelpGetConfig) {
            return Mono.just(objects.config(dcId, topology.endpoints(), topology.testMode(), nowSeconds()));
        }
        if (q instanceof HelpGetNearestDc) {
            return Mono.just(objects.nearestDc(dcId));
        }
        if (q instanceof AuthSendCode m) {
            return Mono.just(login.sendCode(ctx, m));
        }
        if (q instanceof AuthResendCode m) {
            return Mono.just(login.resendCode(ctx, m));
        }
        if (q instanceof AuthCancelCode m) {
            return Mono.just(login.cancelCode(m));
        }
        if (q instanceof AuthSignIn m) {
            return Mono.just(login.signIn(ctx, m));
        }
        if (q instanceof AuthSignUp m) {
            return Mono.just(login.signUp(ctx, m));
        }
        if (q instanceof AccountGetPassword) {
            return passwords.getPassword(ctx);
        }
        if (q instanceof AuthCheckPassword m) {
            return passwords.checkPassword(ctx, m);
        }
        if (q instanceof AuthImportBotAuthorization m) {
            return Mono.just(sessions.importBot(ctx, m));
        }
        if (q instanceof AuthImportAuthorization m) {
            return Mono.just(sessions.importAuthorization(ctx, m));
        }
        if (q instanceof AuthExportLoginToken m) {
            return Mono.just(qr.export(ctx, m));
        }
        if (q instanceof AuthImportLoginToken m) {
            return Mono.just(qr.importToken(ctx, m));
        }
        if (self != null) {
            return Mono.just(authorizedCall(ctx, auth, self, objects, q));
        }
        throw ApiErrors.badRequest("METHOD_INVALID");
    }

    private Object authorizedCall(RequestContext ctx, KeyAuthorization auth, Account self, ApiObjects objects,
                                  TlMethod<?> q) {
        if (q instanceof HelpAcceptTermsOfService) {
            return Boolean.TRUE;
        }
        if (q instanceof AuthAcceptLoginToken m) {
            return qr.accept(ctx, auth, m);
        }
        if (q instanceof MessagesSendMessage m) {
            return profile.sendMessage(ctx, self, m);
        }
        if (q instanceof AccountUpdateProfile m) {
            return profile.updateProfile(ctx, self, m);
        }
        if (q instanceof AuthExportAuthorization m) {
            return sessions.export(ctx, auth, m);
        }
        if (q instanceof AuthLogOut) {
            return sessions.logOut(ctx);
        }
        if (q instanceof AuthResetAuthorizations) {
            return sessions.resetOthers(ctx, auth);
        }
        if (q instanceof AccountResetAuthorization m) {
            return sessions.resetOne(ctx, auth, m.hash());
        }
        if (q instanceof AccountGetAuthorizations) {
            return sessions.list(ctx, auth);
        }
        if (q instanceof UpdatesGetState) {
            return objects.state(self.pts(), nowSeconds());
        }
        if (q instanceof UpdatesGetDifference m) {
            if (m.ptsTotalLimit() != null && (long) m.pts() + m.ptsTotalLimit() < self.pts()) {
                return objects.differenceTooLong(self);
            }
            int limit = m.ptsLimit() == null ? DIFFERENCE_LIMIT
                : Math.max(1, Math.min(DIFFERENCE_LIMIT, m.ptsLimit()));
            return objects.difference(self, m.pts(), limit, nowSeconds());
        }
        if (q instanceof UsersGetUsers m) {
            List<User> users = new ArrayList<>();
            for (InputUser input : m.id()) {
                Account found = resolve(self, input);
                if (found != null) {
                    users.add(objects.user(found, found == self));
                }
            }
            return users;
        }
        if (q instanceof UsersGetFullUser m) {
            Account found = resolve(self, m.id());
            if (found == null) {
                throw ApiErrors.badRequest("USER_ID_INVALID");
            }
            return objects.fullUser(found, found == self);
        }
        throw ApiErrors.badRequest("METHOD_INVALID");
    }

    private Account resolve(Account self, InputUser input) {
        if (input instanceof InputUserSelf) {
            return self;
        }
        if (input instanceof BaseInputUser u) {
            Account found = db.account(u.userId()).orElse(null);
            if (found != null && (found == self || found.accessHash() == u.accessHash())) {
                return found;
            }
        }
        return null;
    }

    private int nowSeconds() {
        return (int) (db.nowMillis() / 1000);
    }
}
