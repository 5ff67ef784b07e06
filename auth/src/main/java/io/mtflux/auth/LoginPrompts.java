package io.mtflux.auth;

import io.mtflux.core.tl.api.help.HelpTermsOfService;
import reactor.core.publisher.Mono;

/**
 * Where a login flow gets what only the user knows, as {@code Mono}s: the same flow then serves a terminal, a web
 * page, or a service that receives codes from elsewhere. An empty {@code Mono} cancels the login.
 */
public interface LoginPrompts {

    /** The phone number to log in with. */
    Mono<String> phoneNumber();

    /** The login code, given how it was sent (type, next type, timeout). */
    Mono<String> code(SentCode.CodeSent sent);

    /** The 2FA password, given its hint (may be null). */
    Mono<String> password(String hint);

    /** Names for a new account, given the terms of service to accept (may be null). */
    Mono<SignUpNames> signUp(HelpTermsOfService termsOfService);

    /** A wrong code or password, before the flow asks again. */
    default void onError(Throwable error) {
    }

    /**
     * The names of a new account.
     *
     * @param firstName first name (required by Telegram)
     * @param lastName last name (may be empty)
     */
    record SignUpNames(String firstName, String lastName) {
    }
}
