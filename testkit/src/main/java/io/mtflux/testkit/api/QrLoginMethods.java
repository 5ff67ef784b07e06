package io.mtflux.testkit.api;

import io.mtflux.core.tl.api.auth.AuthAcceptLoginToken;
import io.mtflux.core.tl.api.auth.AuthExportLoginToken;
import io.mtflux.core.tl.api.auth.AuthImportLoginToken;
import io.mtflux.testkit.server.RequestContext;

/**
 * QR-code login on one DC (docs/protocol.md 6.5): export a token, another logged-in session accepts it, the waiting
 * session gets updateLoginToken and exports again: auth.loginTokenSuccess on the account's home DC, else
 * auth.loginTokenMigrateTo and an import there. 2FA accounts answer 401 SESSION_PASSWORD_NEEDED at that point.
 */
final class QrLoginMethods {
    private final int dcId;
    private final AccountDatabase db;
    private final Authorizations sessions;

    QrLoginMethods(int dcId, AccountDatabase db, Authorizations sessions) {
        this.dcId = dcId;
        this.db = db;
        this.sessions = sessions;
    }

    Object export(RequestContext ctx, AuthExportLoginToken q) {
        if (q.apiId() <= 0 || q.apiHash().isEmpty()) {
            throw ApiErrors.badRequest("API_ID_INVALID");
        }
        ApiObjects objects = ApiObjects.forLayer(ctx.layer());
        LoginToken current = db.loginTokenOf(ctx.authorizationKey());
        if (current != null && current.acceptedBy() != 0) {
            return redeem(ctx, current);
        }
        LoginToken token = db.newLoginToken(ctx, dcId, q.exceptIds());
        return objects.loginToken((int) (token.expiresAtMillis() / 1000), token.bytes());
    }

    Object importToken(RequestContext ctx, AuthImportLoginToken q) {
        LoginToken token = db.loginToken(q.token());
        if (token == null) {
            throw ApiErrors.badRequest("AUTH_TOKEN_INVALID");
        }
        if (token.acceptedBy() == 0) {
            throw ApiErrors.badRequest(token.expiresAtMillis() <= db.nowMillis() ? "AUTH_TOKEN_EXPIRED"
                : "AUTH_TOKEN_INVALID");
        }
        return redeem(ctx, token);
    }

    private Object redeem(RequestContext ctx, LoginToken token) {
        ApiObjects objects = ApiObjects.forLayer(ctx.layer());
        Account account = db.account(token.acceptedBy()).orElseThrow(() -> ApiErrors.badRequest(
            "AUTH_TOKEN_INVALID"));
        if (account.homeDc() != dcId) {
            return objects.loginTokenMigrateTo(account.homeDc(), token.bytes());
        }
        if (!token.redeem()) {
            throw ApiErrors.badRequest("AUTH_TOKEN_ALREADY_ACCEPTED");
        }
        db.forget(token);
        return objects.loginTokenSuccess(sessions.logIn(ctx, account));
    }

    Object accept(RequestContext ctx, KeyAuthorization auth, AuthAcceptLoginToken q) {
        LoginToken token = db.loginToken(q.token());
        if (token == null) {
            throw ApiErrors.badRequest("AUTH_TOKEN_INVALID");
        }
        long now = db.nowMillis();
        if (token.expiresAtMillis() <= now) {
            throw ApiErrors.badRequest("AUTH_TOKEN_EXPIRED");
        }
        if (token.exceptIds().contains(auth.userId())) {
            throw ApiErrors.badRequest("AUTH_TOKEN_EXCEPTION");
        }
        if (!token.accept(auth.userId())) {
            throw ApiErrors.badRequest("AUTH_TOKEN_ALREADY_ACCEPTED");
        }
        int date = (int) (now / 1000);
        RequestContext waiting = token.waiting();
        waiting.push(ApiObjects.forLayer(waiting.layer()).updateLoginToken(date));
        KeyAuthorization entry = new KeyAuthorization(KeyAuthorization.State.AUTHORIZED, auth.userId(),
            token.dcId(), date, db.randomLong(), false);
        return ApiObjects.forLayer(ctx.layer()).authorizationEntry(entry, false, token.dcId());
    }
}
