package io.mtflux.testkit.api;

import io.mtflux.core.tl.api.Authorization;
import io.mtflux.core.tl.api.auth.AuthExportAuthorization;
import io.mtflux.core.tl.api.auth.AuthImportAuthorization;
import io.mtflux.core.tl.api.auth.AuthImportBotAuthorization;
import io.mtflux.testkit.server.RequestContext;
import io.mtflux.testkit.server.ServerAuthKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Which auth key is logged in as whom, on one DC: completing a login (or stopping at the 2FA step), bot tokens,
 * authorization export and import across DCs (docs/protocol.md 5.4), logging out, ending the other sessions, and
 * listing them.
 */
final class Authorizations {
    private final int dcId;
    private final int dcCount;
    private final AccountDatabase db;

    Authorizations(int dcId, int dcCount, AccountDatabase db) {
        this.dcId = dcId;
        this.dcCount = dcCount;
        this.db = db;
    }

    /** The key's login state, or null when it is not logged in at all. */
    static KeyAuthorization of(ServerAuthKey key) {
        return key.authorization() instanceof KeyAuthorization auth ? auth : null;
    }

    /** The right code (or QR) was given: logged in, or 401 SESSION_PASSWORD_NEEDED when 2FA is set. */
    Object logIn(RequestContext ctx, Account account) {
        if (account.twoFactor() != null) {
            db.authorize(ctx.authorizationKey(), newState(KeyAuthorization.State.PASSWORD_PENDING, account, false));
            throw ApiErrors.passwordNeeded();
        }
        return authorize(ctx, account, false);
    }

    /** Marks the key logged in as the account and answers auth.authorization. */
    Object authorize(RequestContext ctx, Account account, boolean imported) {
        db.authorize(ctx.authorizationKey(), newState(KeyAuthorization.State.AUTHORIZED, account, imported));
        return ApiObjects.forLayer(ctx.layer()).authorization(account);
    }

    private KeyAuthorization newState(KeyAuthorization.State state, Account account, boolean imported) {
        return new KeyAuthorization(state, account.id(), dcId, (int) (db.nowMillis() / 1000), db.randomLong(),
            imported);
    }

    Object importBot(RequestContext ctx, AuthImportBotAuthorization q) {
        if (q.apiId() <= 0 || q.apiHash().isEmpty()) {
            throw ApiErrors.badRequest("API_ID_INVALID");
        }
        String token = q.botAuthToken();
        int colon = token.indexOf(':');
        Account bot = null;
        if (colon > 0) {
            try {
                bot = db.account(Long.parseLong(token.substring(0, colon))).orElse(null);
            } catch (NumberFormatException e) {
                bot = null;
            }
        }
        if (bot == null || !bot.bot() || !bot.botSecretMatches(token.substring(colon + 1))) {
            throw ApiErrors.badRequest("ACCESS_TOKEN_INVALID");
        }
        if (bot.homeDc() != dcId) {
            throw ApiErrors.userMigrate(bot.homeDc());
        }
        return authorize(ctx, bot, false);
    }

    Object export(RequestContext ctx, KeyAuthorization auth, AuthExportAuthorization q) {
        if (q.dcId() == dcId || q.dcId() < 1 || q.dcId() > dcCount) {
            throw ApiErrors.badRequest("DC_ID_INVALID");
        }
        return ApiObjects.forLayer(ctx.layer()).exportedAuthorization(auth.userId(), db.export(auth.userId(),
            q.dcId()));
    }

    Object importAuthorization(RequestContext ctx, AuthImportAuthorization q) {
        AccountDatabase.ExportedAuthorization exported = db.takeExport(q.bytes());
        if (exported == null || exported.targetDc() != dcId) {
            throw ApiErrors.badRequest("AUTH_BYTES_INVALID");
        }
        if (exported.userId() != q.id()) {
            throw ApiErrors.badRequest("USER_ID_INVALID");
        }
        Account account = db.account(exported.userId()).orElseThrow(() -> ApiErrors.badRequest("USER_ID_INVALID"));
        return authorize(ctx, account, account.homeDc() != dcId);
    }

    Object logOut(RequestContext ctx) {
        db.authorize(ctx.authorizationKey(), null);
        return ApiObjects.forLayer(ctx.layer()).loggedOut();
    }

    Object resetOthers(RequestContext ctx, KeyAuthorization auth) {
        for (ServerAuthKey key : db.keysOf(auth.userId())) {
            KeyAuthorization other = of(key);
            if (key != ctx.authorizationKey() && other != null) {
                db.authorize(key, new KeyAuthorization(KeyAuthorization.State.REVOKED, other.userId(),
                    other.dcId(), other.createdSeconds(), other.hash(), other.imported()));
            }
        }
        return Boolean.TRUE;
    }

    /**
     * account.resetAuthorization (https://core.telegram.org/method/account.resetAuthorization): ends the one other
     * session whose hash account.getAuthorizations listed; it is logged out, so its next call is 401
     * AUTH_KEY_UNREGISTERED. The current session's hash, or one that is not the account's, is 400 HASH_INVALID
     * (the current session ends with auth.logOut).
     */
    Object resetOne(RequestContext ctx, KeyAuthorization auth, long hash) {
        for (ServerAuthKey key : db.keysOf(auth.userId())) {
            KeyAuthorization other = of(key);
            if (other != null && other.authorized() && other.hash() == hash) {
                if (key == ctx.authorizationKey()) {
                    break;
                }
                db.authorize(key, null);
                return Boolean.TRUE;
            }
        }
        throw ApiErrors.badRequest("HASH_INVALID");
    }

    Object list(RequestContext ctx, KeyAuthorization auth) {
        ApiObjects objects = ApiObjects.forLayer(ctx.layer());
        List<Authorization> list = new ArrayList<>();
        for (ServerAuthKey key : db.keysOf(auth.userId())) {
            KeyAuthorization other = of(key);
            if (other != null && other.authorized()) {
                list.add(objects.authorizationEntry(other, key == ctx.authorizationKey(), other.dcId()));
            }
        }
        return objects.authorizations(list);
    }
}
