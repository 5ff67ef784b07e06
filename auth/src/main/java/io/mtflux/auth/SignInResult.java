package io.mtflux.auth;

import io.mtflux.core.tl.api.User;
import io.mtflux.core.tl.api.help.HelpTermsOfService;

/** What {@code auth.signIn} gave: a login, or the number is new and must sign up first. */
public sealed interface SignInResult {

    /** Logged in as {@code user}. */
    record Authorized(User user) implements SignInResult {
    }

    /** The number has no account: accept the terms (when given) and call {@code signUp}. */
    record SignUpRequired(HelpTermsOfService termsOfService) implements SignInResult {
    }
}
