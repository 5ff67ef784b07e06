package io.mtflux.testkit.api;

import io.mtflux.core.tl.api.auth.AuthCancelCode;
import io.mtflux.core.tl.api.auth.AuthResendCode;
import io.mtflux.core.tl.api.auth.AuthSendCode;
import io.mtflux.core.tl.api.auth.AuthSignIn;
import io.mtflux.core.tl.api.auth.AuthSignUp;
import io.mtflux.testkit.LoginLimits;
import io.mtflux.testkit.server.RequestContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Phone-code login on one DC (https://core.telegram.org/api/auth): auth.sendCode, auth.resendCode, auth.cancelCode,
 * auth.signIn and auth.signUp, with PHONE_MIGRATE to the number's home DC, the delivery chain of a code (type,
 * next_type, timeout), code expiry and tries, and flood waits.
 */
final class LoginMethods {
    private static final int MAX_NAME = 64;

    private final int dcId;
    private final AccountDatabase db;
    private final Authorizations sessions;

    LoginMethods(int dcId, AccountDatabase db, Authorizations sessions) {
        this.dcId = dcId;
        this.db = db;
        this.sessions = sessions;
    }

    Object sendCode(RequestContext ctx, AuthSendCode q) {
        String phone = phoneOnThisDc(q.phoneNumber());
        if (db.isBannedPhone(phone)) {
            throw ApiErrors.phoneNumberBanned();
        }
        if (q.apiId() <= 0 || q.apiHash().isEmpty()) {
            throw ApiErrors.badRequest("API_ID_INVALID");
        }
        LoginLimits limits = db.limits();
        long wait = db.flood().acquire("send:" + phone, limits.sendCodesPerPhone(), limits.floodWindow(),
            db.nowMillis());
        if (wait > 0) {
            throw ApiErrors.floodWait(wait);
        }
        PendingCode code = db.newCode(phone, dcId);
        return sentCode(ctx, code);
    }

    /**
     * A new code by the previous answer's next_type (https://core.telegram.org/method/auth.resendCode): the old
     * code stops working; an expired code can be resent, a closed hash cannot (PHONE_CODE_EXPIRED); with no next
     * kind left, 406 SEND_CODE_UNAVAILABLE.
     */
    Object resendCode(RequestContext ctx, AuthResendCode q) {
        String phone = phoneOnThisDc(q.phoneNumber());
        PendingCode code = pending(phone, q.phoneCodeHash());
        PendingCode.State state = code.state(db.nowMillis());
        if (state == PendingCode.State.USED || state == PendingCode.State.CLOSED) {
            throw ApiErrors.badRequest("PHONE_CODE_EXPIRED");
        }
        if (db.nextDeliveryOf(code) == null) {
            throw ApiErrors.sendCodeUnavailable();
        }
        LoginLimits limits = db.limits();
        long wait = db.flood().acquire("send:" + phone, limits.sendCodesPerPhone(), limits.floodWindow(),
            db.nowMillis());
        if (wait > 0) {
            throw ApiErrors.floodWait(wait);
        }
        if (!db.resend(code)) {
            throw ApiErrors.badRequest("PHONE_CODE_EXPIRED");
        }
        return sentCode(ctx, code);
    }

    private Object sentCode(RequestContext ctx, PendingCode code) {
        return ApiObjects.forLayer(ctx.layer()).sentCode(code.hash(), db.deliveryOf(code), db.nextDeliveryOf(code),
            code.code().length(), (int) db.limits().resendTimeout().toSeconds());
    }

    /** Closes the hash: signIn, signUp and resendCode with it answer PHONE_CODE_EXPIRED afterwards. */
    Object cancelCode(AuthCancelCode q) {
        String phone = phoneOnThisDc(q.phoneNumber());
        db.cancel(pending(phone, q.phoneCodeHash()));
        return Boolean.TRUE;
    }

    Object signIn(RequestContext ctx, AuthSignIn q) {
        String phone = phoneOnThisDc(q.phoneNumber());
        if (db.isBannedPhone(phone)) {
            throw ApiErrors.phoneNumberBanned();
        }
        if (q.phoneCode() == null || q.phoneCode().isEmpty()) {
            throw ApiErrors.badRequest("PHONE_CODE_EMPTY");
        }
        PendingCode code = pending(phone, q.phoneCodeHash());
        long now = db.nowMillis();
        if (code.state(now) != PendingCode.State.SENT) {
            throw ApiErrors.badRequest("PHONE_CODE_EXPIRED");
        }
        LoginLimits limits = db.limits();
        long wait = db.flood().waitSeconds("wrong-code:" + phone, limits.wrongCodesPerPhone(),
            limits.floodWindow(), now);
        if (wait > 0) {
            throw ApiErrors.floodWait(wait);
        }
        if (!MessageDigest.isEqual(code.code().getBytes(StandardCharsets.UTF_8),
            q.phoneCode().getBytes(StandardCharsets.UTF_8))) {
            db.flood().record("wrong-code:" + phone, limits.floodWindow(), now);
            code.wrongTry(limits.maxCodeAttempts());
            throw ApiErrors.badRequest("PHONE_CODE_INVALID");
        }
        Account account = db.user(phone).orElse(null);
        ApiObjects objects = ApiObjects.forLayer(ctx.layer());
        if (account == null) {
            if (!code.accept(PendingCode.State.VERIFIED, now)) {
                throw ApiErrors.badRequest("PHONE_CODE_EXPIRED");
            }
            if (!objects.signUpRequiredObject() || db.limits().unoccupiedError()) {
                throw ApiErrors.badRequest("PHONE_NUMBER_UNOCCUPIED");
            }
            return objects.signUpRequired();
        }
        if (!code.accept(PendingCode.State.USED, now)) {
            throw ApiErrors.badRequest("PHONE_CODE_EXPIRED");
        }
        db.forget(code);
        return sessions.logIn(ctx, account);
    }

    Object signUp(RequestContext ctx, AuthSignUp q) {
        String phone = phoneOnThisDc(q.phoneNumber());
        String first = q.firstName().strip();
        String last = q.lastName().strip();
        if (first.isEmpty() || first.length() > MAX_NAME) {
            throw ApiErrors.badRequest("FIRSTNAME_INVALID");
        }
        if (last.length() > MAX_NAME) {
            throw ApiErrors.badRequest("LASTNAME_INVALID");
        }
        PendingCode code = pending(phone, q.phoneCodeHash());
        PendingCode.State state = code.state(db.nowMillis());
        if (state == PendingCode.State.SENT) {
            // the code was never entered: signUp carries none since layer 104
            throw ApiErrors.badRequest("PHONE_CODE_EMPTY");
        }
        if (db.user(phone).isPresent()) {
            throw ApiErrors.badRequest("PHONE_NUMBER_OCCUPIED");
        }
        if (!code.use()) {
            throw ApiErrors.badRequest("PHONE_CODE_EXPIRED");
        }
        db.forget(code);
        Account account = db.signUp(phone, first, last, dcId);
        if (account == null) {
            throw ApiErrors.badRequest("PHONE_NUMBER_OCCUPIED");
        }
        return sessions.authorize(ctx, account, false);
    }

    /** The normalized phone, or PHONE_NUMBER_INVALID; PHONE_MIGRATE_X when it lives on another DC. */
    private String phoneOnThisDc(String raw) {
        String phone = Phones.normalize(raw);
        if (phone == null) {
            throw ApiErrors.phoneNumberInvalid();
        }
        int home = db.homeDcOf(phone);
        if (home != dcId) {
            throw ApiErrors.phoneMigrate(home);
        }
        return phone;
    }

    /** The pending code of this phone and hash, else PHONE_CODE_HASH_EMPTY or PHONE_CODE_EXPIRED. */
    private PendingCode pending(String phone, String hash) {
        if (hash == null || hash.isEmpty()) {
            throw ApiErrors.badRequest("PHONE_CODE_HASH_EMPTY");
        }
        PendingCode code = db.code(hash);
        if (code == null || !code.phone().equals(phone) || code.dcId() != dcId) {
            throw ApiErrors.badRequest("PHONE_CODE_EXPIRED");
        }
        return code;
    }
}
