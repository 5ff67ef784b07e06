package io.mtflux.testkit.api;

import io.mtflux.core.crypto.MtprotoSecurityException;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.tl.api.BaseInputCheckPasswordSRP;
import io.mtflux.core.tl.api.auth.AuthCheckPassword;
import io.mtflux.testkit.LoginLimits;
import io.mtflux.testkit.server.RequestContext;
import reactor.core.publisher.Mono;

/**
 * 2FA on one DC (docs/protocol.md 6.3, 7 "server side"): account.getPassword answers a fresh srp_id and srp_B per call
 * (Telegram's 2048-bit prime, g = 3); auth.checkPassword verifies A and M1, consuming the srp_id either way. The
 * modular arithmetic runs on {@code Schedulers.parallel()}.
 */
final class PasswordMethods {
    private final AccountDatabase db;
    private final Authorizations sessions;

    PasswordMethods(AccountDatabase db, Authorizations sessions) {
        this.db = db;
        this.sessions = sessions;
    }

    Mono<Object> getPassword(RequestContext ctx) {
        KeyAuthorization auth = Authorizations.of(ctx.authorizationKey());
        Account account = auth == null || auth.ended() ? null
            : db.account(auth.userId()).orElse(null);
        TwoFactor twoFactor = account == null ? null : account.twoFactor();
        RandomSource random = db.random();
        ApiObjects objects = ApiObjects.forLayer(ctx.layer());
        if (twoFactor == null) {
            return Mono.just(objects.password(null, null, 0, random.bytes(8), random.bytes(16), random.bytes(8),
                random.bytes(32)));
        }
        return twoFactor.srp().challengeAsync(random).map(challenge -> {
            long srpId = db.newSrpSession(account.id(), ctx.authorizationKey().id(), twoFactor.srp(), challenge);
            return objects.password(twoFactor, challenge.srpB(), srpId, random.bytes(8), random.bytes(16),
                random.bytes(8), random.bytes(32));
        });
    }

    Mono<Object> checkPassword(RequestContext ctx, AuthCheckPassword q) {
        if (!(q.password() instanceof BaseInputCheckPasswordSRP srp)) {
            return Mono.error(ApiErrors.badRequest("PASSWORD_HASH_INVALID"));
        }
        AccountDatabase.SrpSession session = db.takeSrpSession(srp.srpId());
        KeyAuthorization auth = Authorizations.of(ctx.authorizationKey());
        if (session == null || session.authKeyId() != ctx.authorizationKey().id() || auth == null
            || auth.userId() != session.userId() || auth.ended()) {
            return Mono.error(ApiErrors.badRequest("SRP_ID_INVALID"));
        }
        Account account = db.account(session.userId()).orElse(null);
        if (account == null || account.twoFactor() == null || account.twoFactor().srp() != session.srp()) {
            return Mono.error(ApiErrors.badRequest("SRP_PASSWORD_CHANGED"));
        }
        LoginLimits limits = db.limits();
        String floodKey = "wrong-password:" + account.id();
        long wait = db.flood().waitSeconds(floodKey, limits.wrongPasswordsPerUser(), limits.floodWindow(),
            db.nowMillis());
        if (wait > 0) {
            return Mono.error(ApiErrors.floodWait(wait));
        }
        return session.challenge().verifyAsync(srp.a(), srp.m1())
            .then(Mono.fromCallable(() -> sessions.authorize(ctx, account, false)))
            .onErrorMap(MtprotoSecurityException.class, e -> {
                db.flood().record(floodKey, limits.floodWindow(), db.nowMillis());
                return ApiErrors.badRequest("PASSWORD_HASH_INVALID");
            });
    }
}
