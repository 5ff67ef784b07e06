package io.mtflux.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * The cluster's flood control and code rules, like Telegram's: a login code expires after {@code codeLifetime}
 * and after {@code maxCodeAttempts} wrong tries (PHONE_CODE_EXPIRED); more than {@code sendCodesPerPhone}
 * {@code auth.sendCode}/{@code auth.resendCode} for one phone, more than {@code wrongCodesPerPhone} wrong codes or
 * more than {@code wrongPasswordsPerUser} wrong 2FA passwords within {@code floodWindow} answer
 * {@code FLOOD_WAIT_N} (N = seconds until the oldest counted attempt leaves the window).
 *
 * @param codeLength digits of a random login code
 * @param codeLifetime how long a code stays valid
 * @param resendTimeout the {@code timeout} announced in {@code auth.sentCode}
 * @param maxCodeAttempts wrong tries after which a code expires
 * @param sendCodesPerPhone codes one phone may request per window
 * @param wrongCodesPerPhone wrong codes one phone may enter per window
 * @param wrongPasswordsPerUser wrong passwords one account may enter per window
 * @param floodWindow the sliding window of the three counters
 */
public record LoginLimits(int codeLength, Duration codeLifetime, Duration resendTimeout, int maxCodeAttempts,
                          int sendCodesPerPhone, int wrongCodesPerPhone, int wrongPasswordsPerUser,
                          Duration floodWindow) {

    public LoginLimits {
        Objects.requireNonNull(codeLifetime, "codeLifetime");
        Objects.requireNonNull(resendTimeout, "resendTimeout");
        Objects.requireNonNull(floodWindow, "floodWindow");
        if (codeLength < 4 || codeLength > 9 || maxCodeAttempts < 1 || sendCodesPerPhone < 1
            || wrongCodesPerPhone < 1 || wrongPasswordsPerUser < 1 || floodWindow.isNegative()
            || floodWindow.isZero()) {
            throw new IllegalArgumentException("limits must be positive (code length 4..9)");
        }
    }

    /**
     * 5-digit codes valid 5 minutes and for 5 tries, resend timeout 60 s; per hour at most 10 codes per phone,
     * 10 wrong codes per phone, 5 wrong passwords per account.
     *
     * @return the defaults
     */
    public static LoginLimits defaults() {
        return new LoginLimits(5, Duration.ofMinutes(5), Duration.ofSeconds(60), 5, 10, 10, 5, Duration.ofHours(1));
    }

    /**
     * @param count codes per phone per window
     * @return a copy
     */
    public LoginLimits withSendCodesPerPhone(int count) {
        return new LoginLimits(codeLength, codeLifetime, resendTimeout, maxCodeAttempts, count, wrongCodesPerPhone,
            wrongPasswordsPerUser, floodWindow);
    }

    /**
     * @param count wrong codes per phone per window
     * @return a copy
     */
    public LoginLimits withWrongCodesPerPhone(int count) {
        return new LoginLimits(codeLength, codeLifetime, resendTimeout, maxCodeAttempts, sendCodesPerPhone, count,
            wrongPasswordsPerUser, floodWindow);
    }

    /**
     * @param count wrong passwords per account per window
     * @return a copy
     */
    public LoginLimits withWrongPasswordsPerUser(int count) {
        return new LoginLimits(codeLength, codeLifetime, resendTimeout, maxCodeAttempts, sendCodesPerPhone,
            wrongCodesPerPhone, count, floodWindow);
    }

    /**
     * @param count wrong tries after which a code expires
     * @return a copy
     */
    public LoginLimits withMaxCodeAttempts(int count) {
        return new LoginLimits(codeLength, codeLifetime, resendTimeout, count, sendCodesPerPhone,
            wrongCodesPerPhone, wrongPasswordsPerUser, floodWindow);
    }

    /**
     * @param lifetime how long a code stays valid
     * @return a copy
     */
    public LoginLimits withCodeLifetime(Duration lifetime) {
        return new LoginLimits(codeLength, lifetime, resendTimeout, maxCodeAttempts, sendCodesPerPhone,
            wrongCodesPerPhone, wrongPasswordsPerUser, floodWindow);
    }

    /**
     * @param window the sliding window of the flood counters
     * @return a copy
     */
    public LoginLimits withFloodWindow(Duration window) {
        return new LoginLimits(codeLength, codeLifetime, resendTimeout, maxCodeAttempts, sendCodesPerPhone,
            wrongCodesPerPhone, wrongPasswordsPerUser, window);
    }
}
