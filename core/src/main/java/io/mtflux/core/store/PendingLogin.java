package io.mtflux.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A login under way, kept in the {@link SessionState} so that its next step can come in another request, after a
 * restart, or on another instance sharing the store: which step it reached and what that step needs (the
 * phone_code_hash of {@code auth.sendCode}, the 2FA hint, the terms of service of a sign-up).
 *
 * <p>The phone_code_hash is a secret: stores seal it with their cipher where they seal the auth keys, and
 * {@link #toString()} never prints it.
 *
 * @param step the step the login waits at
 * @param phoneNumber the phone number the code was sent to, or null (a QR login waiting for the 2FA password)
 * @param phoneCodeHash the {@code phone_code_hash} of {@code auth.sendCode} (a secret), or null without a code
 * @param codeType how the code was sent, as a short name ({@code app}, {@code sms}, {@code call},
 *     {@code flash_call}, {@code missed_call}, {@code email}, {@code fragment}, ...), or null
 * @param codeLength the length of the code, or null when unknown
 * @param nextCodeType how {@code auth.resendCode} would send it (short name), or null
 * @param timeoutSeconds seconds after {@code sentAt} before a resend is allowed, or null
 * @param dcId the DC that issued the hash (the login continues there), positive
 * @param sentAt when the code was sent (or the step reached), or null
 * @param passwordHint the 2FA password hint (step {@link Step#PASSWORD}), or null
 * @param termsOfServiceText the terms of service to show before signing up (step {@link Step#SIGN_UP}), or null
 * @param failedAttempts wrong codes and passwords entered so far, at least 0
 * @param termsOfServiceId the id (its JSON data) of those terms, accepted after the sign-up, or null
 */
public record PendingLogin(Step step, String phoneNumber, String phoneCodeHash, String codeType, Integer codeLength,
                           String nextCodeType, Integer timeoutSeconds, int dcId, Instant sentAt,
                           String passwordHint, String termsOfServiceText, int failedAttempts,
                           String termsOfServiceId) {

    /** The step a pending login waits at. */
    public enum Step {
        /** A code was sent: {@code auth.signIn} with it comes next. */
        CODE,
        /** The account has 2FA: the password comes next. */
        PASSWORD,
        /** The number has no account: the names (accepting the terms shown) come next. */
        SIGN_UP
    }

    /**
     * Checks the values.
     *
     * @param step the step, not null
     * @param phoneNumber the phone number, or null
     * @param phoneCodeHash the phone_code_hash (a secret), or null
     * @param codeType the short name of the code's type, or null
     * @param codeLength the code's length, positive, or null
     * @param nextCodeType the short name of the next code type, or null
     * @param timeoutSeconds the resend timeout, not negative, or null
     * @param dcId the DC of the login, positive
     * @param sentAt when the step was reached, or null
     * @param passwordHint the 2FA hint, or null
     * @param termsOfServiceText the terms to show, or null
     * @param failedAttempts wrong attempts so far, not negative
     * @param termsOfServiceId the terms' id, or null
     * @throws NullPointerException if {@code step} is null
     * @throws IllegalArgumentException if a number is out of range, or a code or sign-up step has no phone number
     *     or phone_code_hash
     */
    public PendingLogin {
        Objects.requireNonNull(step, "step");
        if (dcId <= 0 || failedAttempts < 0 || (codeLength != null && codeLength <= 0)
            || (timeoutSeconds != null && timeoutSeconds < 0)) {
            throw new IllegalArgumentException("dcId must be positive, failedAttempts, codeLength and timeoutSeconds"
                + " not negative (dcId " + dcId + ", failedAttempts " + failedAttempts + ")");
        }
        if (step != Step.PASSWORD && (phoneNumber == null || phoneCodeHash == null)) {
            throw new IllegalArgumentException("a " + step + " step needs the phone number and the phone_code_hash");
        }
    }

    /**
     * A pending login without a terms-of-service id (the form the other steps use).
     *
     * @param step the step, not null
     * @param phoneNumber the phone number, or null
     * @param phoneCodeHash the phone_code_hash (a secret), or null
     * @param codeType the short name of the code's type, or null
     * @param codeLength the code's length, positive, or null
     * @param nextCodeType the short name of the next code type, or null
     * @param timeoutSeconds the resend timeout, not negative, or null
     * @param dcId the DC of the login, positive
     * @param sentAt when the step was reached, or null
     * @param passwordHint the 2FA hint, or null
     * @param termsOfServiceText the terms to show, or null
     * @param failedAttempts wrong attempts so far, not negative
     * @throws NullPointerException if {@code step} is null
     * @throws IllegalArgumentException as the canonical constructor
     */
    public PendingLogin(Step step, String phoneNumber, String phoneCodeHash, String codeType, Integer codeLength,
                        String nextCodeType, Integer timeoutSeconds, int dcId, Instant sentAt, String passwordHint,
                        String termsOfServiceText, int failedAttempts) {
        this(step, phoneNumber, phoneCodeHash, codeType, codeLength, nextCodeType, timeoutSeconds, dcId, sentAt,
            passwordHint, termsOfServiceText, failedAttempts, null);
    }

    /**
     * A code just sent ({@link Step#CODE}, no failed attempt).
     *
     * @param phoneNumber the phone number
     * @param phoneCodeHash the phone_code_hash (a secret)
     * @param codeType the short name of the code's type, or null
     * @param codeLength the code's length, or null
     * @param nextCodeType the short name of the next code type, or null
     * @param timeoutSeconds the resend timeout, or null
     * @param dcId the DC that issued the hash
     * @param sentAt when it was sent
     * @return the pending login
     */
    public static PendingLogin codeSent(String phoneNumber, String phoneCodeHash, String codeType,
                                        Integer codeLength, String nextCodeType, Integer timeoutSeconds, int dcId,
                                        Instant sentAt) {
        return new PendingLogin(Step.CODE, phoneNumber, phoneCodeHash, codeType, codeLength, nextCodeType,
            timeoutSeconds, dcId, sentAt, null, null, 0, null);
    }

    /**
     * This login with a new code sent (a resend): the code fields replaced, the step and attempts kept.
     *
     * @param newPhoneCodeHash the new phone_code_hash (a secret)
     * @param newCodeType the short name of the new code's type, or null
     * @param newCodeLength its length, or null
     * @param newNextCodeType the next type, or null
     * @param newTimeoutSeconds the resend timeout, or null
     * @param newSentAt when it was sent
     * @return the new pending login
     */
    public PendingLogin withCode(String newPhoneCodeHash, String newCodeType, Integer newCodeLength,
                                 String newNextCodeType, Integer newTimeoutSeconds, Instant newSentAt) {
        return new PendingLogin(step, phoneNumber, newPhoneCodeHash, newCodeType, newCodeLength, newNextCodeType,
            newTimeoutSeconds, dcId, newSentAt, passwordHint, termsOfServiceText, failedAttempts, termsOfServiceId);
    }

    /**
     * This login waiting for the 2FA password (the failed attempts start again: they count passwords now).
     *
     * @param hint the password hint, or null
     * @param at when the step was reached
     * @return the new pending login
     */
    public PendingLogin withPasswordStep(String hint, Instant at) {
        return new PendingLogin(Step.PASSWORD, phoneNumber, phoneCodeHash, codeType, codeLength, nextCodeType,
            timeoutSeconds, dcId, at, hint, null, 0, null);
    }

    /**
     * This login waiting for the sign-up.
     *
     * @param termsText the terms of service to show, or null
     * @param termsId the terms' id (JSON data), or null
     * @param at when the step was reached
     * @return the new pending login
     */
    public PendingLogin withSignUpStep(String termsText, String termsId, Instant at) {
        return new PendingLogin(Step.SIGN_UP, phoneNumber, phoneCodeHash, codeType, codeLength, nextCodeType,
            timeoutSeconds, dcId, at, null, termsText, failedAttempts, termsId);
    }

    /**
     * This login with another count of failed attempts.
     *
     * @param attempts the count, not negative
     * @return the new pending login
     */
    public PendingLogin withFailedAttempts(int attempts) {
        return new PendingLogin(step, phoneNumber, phoneCodeHash, codeType, codeLength, nextCodeType, timeoutSeconds,
            dcId, sentAt, passwordHint, termsOfServiceText, attempts, termsOfServiceId);
    }

    /**
     * This login on another DC (the login moved there).
     *
     * @param newDcId the DC, positive
     * @return the new pending login
     */
    public PendingLogin withDcId(int newDcId) {
        return new PendingLogin(step, phoneNumber, phoneCodeHash, codeType, codeLength, nextCodeType, timeoutSeconds,
            newDcId, sentAt, passwordHint, termsOfServiceText, failedAttempts, termsOfServiceId);
    }

    /** Prints everything but the phone_code_hash (only whether there is one) and the terms' text (its length). */
    @Override
    public String toString() {
        return "PendingLogin{step=" + step + ", phoneNumber=" + phoneNumber + ", phoneCodeHash="
            + (phoneCodeHash == null ? "none" : "<redacted>") + ", codeType=" + codeType + ", codeLength="
            + codeLength + ", nextCodeType=" + nextCodeType + ", timeoutSeconds=" + timeoutSeconds + ", dcId=" + dcId
            + ", sentAt=" + sentAt + ", passwordHint=" + (passwordHint == null ? "none" : "<set>")
            + ", termsOfService=" + (termsOfServiceText == null ? "none" : termsOfServiceText.length() + " chars")
            + ", failedAttempts=" + failedAttempts + "}";
    }
}
