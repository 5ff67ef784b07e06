package io.mtflux.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The cluster's flood control and code rules, like Telegram's: a login code expires after {@code codeLifetime}
 * (then {@code auth.resendCode} still works) and after {@code maxCodeAttempts} wrong tries (then the whole
 * phone_code_hash is gone: PHONE_CODE_EXPIRED); more than {@code sendCodesPerPhone}
 * {@code auth.sendCode}/{@code auth.resendCode} for one phone, more than {@code wrongCodesPerPhone} wrong codes or
 * more than {@code wrongPasswordsPerUser} wrong 2FA passwords within {@code floodWindow} answer
 * {@code FLOOD_WAIT_N} (N = seconds until the oldest counted attempt leaves the window).
 *
 * <p>{@code codeDelivery} is the chain of delivery kinds of one phone_code_hash: {@code auth.sendCode} answers
 * with the first as {@code type} and the second as {@code next_type} (with {@code timeout}); each
 * {@code auth.resendCode} sends a new code by the next kind, and once the chain is used up it answers
 * {@code 406 SEND_CODE_UNAVAILABLE} (https://core.telegram.org/method/auth.resendCode).
 *
 * @param codeLength digits of a random login code
 * @param codeLifetime how long a code stays valid
 * @param resendTimeout the {@code timeout} announced in {@code auth.sentCode} when it has a {@code next_type}
 * @param maxCodeAttempts wrong tries after which a code expires
 * @param sendCodesPerPhone codes one phone may request per window
 * @param wrongCodesPerPhone wrong codes one phone may enter per window
 * @param wrongPasswordsPerUser wrong passwords one account may enter per window
 * @param floodWindow the sliding window of the three counters
 * @param codeDelivery how the first code and each resent one travel ({@link CodeDelivery#APP} only first)
 * @param unoccupiedError whether the right code of an unregistered number answers {@code 400
 *     PHONE_NUMBER_UNOCCUPIED} (as servers did before {@code auth.authorizationSignUpRequired}) instead of
 *     {@code auth.authorizationSignUpRequired}; {@code auth.signUp} works after either
 */
public record LoginLimits(int codeLength, Duration codeLifetime, Duration resendTimeout, int maxCodeAttempts,
                          int sendCodesPerPhone, int wrongCodesPerPhone, int wrongPasswordsPerUser,
                          Duration floodWindow, List<CodeDelivery> codeDelivery, boolean unoccupiedError) {

    /**
     * Checks the limits and copies the delivery chain.
     *
     * @param codeLength digits of a random login code, 4 to 9
     * @param codeLifetime how long a code stays valid
     * @param resendTimeout the announced resend timeout, not negative
     * @param maxCodeAttempts wrong tries after which a code expires, positive
     * @param sendCodesPerPhone codes one phone may request per window, positive
     * @param wrongCodesPerPhone wrong codes one phone may enter per window, positive
     * @param wrongPasswordsPerUser wrong passwords one account may enter per window, positive
     * @param floodWindow the sliding window, positive
     * @param codeDelivery the delivery chain, not empty, {@link CodeDelivery#APP} only first
     * @param unoccupiedError whether an unregistered number answers {@code PHONE_NUMBER_UNOCCUPIED}
     * @throws IllegalArgumentException if a limit is out of range or the chain is invalid
     */
    public LoginLimits {
        Objects.requireNonNull(codeLifetime, "codeLifetime");
        Objects.requireNonNull(resendTimeout, "resendTimeout");
        Objects.requireNonNull(floodWindow, "floodWindow");
        codeDelivery = List.copyOf(Objects.requireNonNull(codeDelivery, "codeDelivery"));
        if (codeLength < 4 || codeLength > 9 || maxCodeAttempts < 1 || sendCodesPerPhone < 1
            || wrongCodesPerPhone < 1 || wrongPasswordsPerUser < 1 || floodWindow.isNegative()
            || floodWindow.isZero() || resendTimeout.isNegative()) {
            throw new IllegalArgumentException("limits must be positive (code length 4..9)");
        }
        if (codeDelivery.isEmpty() || codeDelivery.subList(1, codeDelivery.size()).contains(CodeDelivery.APP)) {
            throw new IllegalArgumentException("the code delivery chain needs a first kind, and APP can only be first"
                + " (auth.CodeType has no app kind)");
        }
    }

    /**
     * 5-digit codes valid 5 minutes and for 5 tries, sent by SMS with one resend by SMS (timeout 60 s); per hour at
     * most 10 codes per phone, 10 wrong codes per phone, 5 wrong passwords per account; sign-up required answered
     * with {@code auth.authorizationSignUpRequired}.
     *
     * @return the defaults
     */
    public static LoginLimits defaults() {
        return new LoginLimits(5, Duration.ofMinutes(5), Duration.ofSeconds(60), 5, 10, 10, 5, Duration.ofHours(1),
            List.of(CodeDelivery.SMS, CodeDelivery.SMS), false);
    }

    /**
     * @param count codes per phone per window
     * @return a copy
     */
    public LoginLimits withSendCodesPerPhone(int count) {
        return new LoginLimits(codeLength, codeLifetime, resendTimeout, maxCodeAttempts, count, wrongCodesPerPhone,
            wrongPasswordsPerUser, floodWindow, codeDelivery, unoccupiedError);
    }

    /**
     * @param count wrong codes per phone per window
     * @return a copy
     */
    public LoginLimits withWrongCodesPerPhone(int count) {
        return new LoginLimits(codeLength, codeLifetime, resendTimeout, maxCodeAttempts, sendCodesPerPhone, count,
            wrongPasswordsPerUser, floodWindow, codeDelivery, unoccupiedError);
    }

    /**
     * @param count wrong passwords per account per window
     * @return a copy
     */
    public LoginLimits withWrongPasswordsPerUser(int count) {
        return new LoginLimits(codeLength, codeLifetime, resendTimeout, maxCodeAttempts, sendCodesPerPhone,
            wrongCodesPerPhone, count, floodWindow, codeDelivery, unoccupiedError);
    }

    /**
     * @param count wrong tries after which a code expires
     * @return a copy
     */
    public LoginLimits withMaxCodeAttempts(int count) {
        return new LoginLimits(codeLength, codeLifetime, resendTimeout, count, sendCodesPerPhone,
            wrongCodesPerPhone, wrongPasswordsPerUser, floodWindow, codeDelivery, unoccupiedError);
    }

    /**
     * @param lifetime how long a code stays valid
     * @return a copy
     */
    public LoginLimits withCodeLifetime(Duration lifetime) {
        return new LoginLimits(codeLength, lifetime, resendTimeout, maxCodeAttempts, sendCodesPerPhone,
            wrongCodesPerPhone, wrongPasswordsPerUser, floodWindow, codeDelivery, unoccupiedError);
    }

    /**
     * @param timeout the {@code timeout} announced with a {@code next_type}
     * @return a copy
     */
    public LoginLimits withResendTimeout(Duration timeout) {
        return new LoginLimits(codeLength, codeLifetime, timeout, maxCodeAttempts, sendCodesPerPhone,
            wrongCodesPerPhone, wrongPasswordsPerUser, floodWindow, codeDelivery, unoccupiedError);
    }

    /**
     * @param window the sliding window of the flood counters
     * @return a copy
     */
    public LoginLimits withFloodWindow(Duration window) {
        return new LoginLimits(codeLength, codeLifetime, resendTimeout, maxCodeAttempts, sendCodesPerPhone,
            wrongCodesPerPhone, wrongPasswordsPerUser, window, codeDelivery, unoccupiedError);
    }

    /**
     * The delivery chain, e.g. {@code withCodeDelivery(APP, CALL)}: sent in the app with {@code next_type} call,
     * one resend by call, then {@code SEND_CODE_UNAVAILABLE}.
     *
     * @param first how {@code auth.sendCode} says the code went
     * @param then how each {@code auth.resendCode} sends the next one, in order
     * @return a copy
     */
    public LoginLimits withCodeDelivery(CodeDelivery first, CodeDelivery... then) {
        List<CodeDelivery> chain = new ArrayList<>(1 + then.length);
        chain.add(first);
        chain.addAll(List.of(then));
        return new LoginLimits(codeLength, codeLifetime, resendTimeout, maxCodeAttempts, sendCodesPerPhone,
            wrongCodesPerPhone, wrongPasswordsPerUser, floodWindow, chain, unoccupiedError);
    }

    /**
     * @param value whether an unregistered number's right code answers {@code PHONE_NUMBER_UNOCCUPIED}
     * @return a copy
     */
    public LoginLimits withUnoccupiedError(boolean value) {
        return new LoginLimits(codeLength, codeLifetime, resendTimeout, maxCodeAttempts, sendCodesPerPhone,
            wrongCodesPerPhone, wrongPasswordsPerUser, floodWindow, codeDelivery, value);
    }
}
