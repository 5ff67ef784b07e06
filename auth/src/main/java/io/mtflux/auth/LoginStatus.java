package io.mtflux.auth;

import java.time.Instant;

/**
 * Where a {@link ResumableLogin} stands: the step reached and what a user interface shows for it (how the code
 * was sent, the 2FA hint, the terms of service, the QR URL, the logged-in user). Holds no secret: neither the
 * phone_code_hash nor a code, password or token (the QR URL is meant to be shown).
 *
 * @param step the step
 * @param phoneNumber the phone number the code was sent to, or null
 * @param codeType how the code was sent (short name: {@code app}, {@code sms}, {@code call}, ...), or null
 * @param codeLength the code's length, or null
 * @param nextCodeType how a resend would send it, or null
 * @param timeoutSeconds seconds after {@code sentAt} before a resend is allowed, or null
 * @param sentAt when the code was sent (or the step reached), or null
 * @param passwordHint the 2FA hint (step {@link Step#PASSWORD}), or null
 * @param termsOfServiceText the terms to accept by signing up (step {@link Step#SIGN_UP}), or null
 * @param userId the logged-in user (step {@link Step#AUTHORIZED}), or null
 * @param firstName the user's first name, when known
 * @param lastName the user's last name, when known
 * @param username the user's username, when known
 * @param bot whether the logged-in user is a bot
 * @param qrUrl the {@code tg://login?token=...} URL to show as a QR code (step {@link Step#QR}), or null
 * @param qrExpires when that token expires, or null
 * @param attemptsLeft wrong codes or passwords left before the pending login is dropped (0 without one)
 */
public record LoginStatus(Step step, String phoneNumber, String codeType, Integer codeLength, String nextCodeType,
                          Integer timeoutSeconds, Instant sentAt, String passwordHint, String termsOfServiceText,
                          Long userId, String firstName, String lastName, String username, boolean bot,
                          String qrUrl, Instant qrExpires, int attemptsLeft) {

    /** The step of a login. */
    public enum Step {
        /** No login under way and none done. */
        NONE,
        /** A code was sent: {@link ResumableLogin#signIn} comes next. */
        CODE,
        /** The account has 2FA: {@link ResumableLogin#checkPassword} comes next. */
        PASSWORD,
        /** The number has no account: {@link ResumableLogin#signUp} comes next. */
        SIGN_UP,
        /** A QR code to show until another session accepts it. */
        QR,
        /** Logged in. */
        AUTHORIZED
    }

    /** No login. */
    public static final LoginStatus NONE = new LoginStatus(Step.NONE, null, null, null, null, null, null, null, null,
        null, null, null, null, false, null, null, 0);

    /**
     * Logged in as a user whose names are not known here (read from the session).
     *
     * @param userId the user
     * @param bot whether it is a bot
     * @return the status
     */
    public static LoginStatus authorized(long userId, boolean bot) {
        return new LoginStatus(Step.AUTHORIZED, null, null, null, null, null, null, null, null, userId, null, null,
            null, bot, null, null, 0);
    }
}
