package io.mtflux.auth;

import java.util.Objects;

/**
 * What the code prompt answers: the login code, or a request for another code ({@code auth.resendCode}, sent by the
 * previous answer's {@code next_type}: https://core.telegram.org/method/auth.resendCode).
 */
public sealed interface CodeAnswer {

    /**
     * @param code the code the user received
     * @return the answer that signs in with it
     */
    static CodeAnswer of(String code) {
        return new Code(code);
    }

    /** @return the answer that asks for another code */
    static CodeAnswer resend() {
        return Resend.INSTANCE;
    }

    /**
     * The login code. {@link #toString()} hides it.
     *
     * @param code the code, not blank
     */
    record Code(String code) implements CodeAnswer {
        /**
         * Checks the code.
         *
         * @param code the code, not blank
         * @throws IllegalArgumentException if the code is blank
         */
        public Code {
            Objects.requireNonNull(code, "code");
            if (code.isBlank()) {
                throw new IllegalArgumentException("a login code is not blank");
            }
        }

        @Override
        public String toString() {
            return "Code{<redacted>}";
        }
    }

    /** Another code, please. */
    enum Resend implements CodeAnswer {
        /** The only value. */
        INSTANCE
    }
}
