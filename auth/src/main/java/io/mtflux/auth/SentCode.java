package io.mtflux.auth;

import io.mtflux.core.tl.api.User;
import io.mtflux.core.tl.api.auth.AuthCodeType;
import io.mtflux.core.tl.api.auth.AuthSentCodeType;

/** What {@code auth.sendCode} gave: a code on its way, or (with a matching future auth token) a login. */
public sealed interface SentCode {

    /**
     * A code was sent.
     *
     * @param phoneNumber the number as sent
     * @param phoneCodeHash needed by signIn / signUp / resendCode
     * @param type how the code travels (app, SMS, call, ...)
     * @param nextType how {@code resendCode} would send it, or null
     * @param timeout seconds before {@code resendCode} is allowed, or null
     * @param dcId the DC that issued the hash (the login continues there)
     */
    record CodeSent(String phoneNumber, String phoneCodeHash, AuthSentCodeType type, AuthCodeType nextType,
                    Integer timeout, int dcId) implements SentCode {
    }

    /** {@code auth.sentCodeSuccess}: already logged in. */
    record AlreadyAuthorized(User user) implements SentCode {
    }
}
