package io.mtflux.auth;

import io.mtflux.core.tl.api.User;
import java.util.Base64;

/** Where a QR login stands: a token to show, or done. */
public sealed interface QrLoginStep {

    /**
     * A login token to show as a QR code until {@code expires} (unix time).
     *
     * @param token the token bytes (a secret: whoever scans it logs in)
     * @param expires when it stops being valid
     */
    record Token(byte[] token, int expires) implements QrLoginStep {
        /** {@return the {@code tg://login?token=...} URL the QR code encodes} */
        public String url() {
            return "tg://login?token=" + Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        }

        @Override
        public String toString() {
            return "Token{<redacted " + token.length + " bytes>, expires=" + expires + "}";
        }
    }

    /** The token was accepted: logged in as {@code user}. */
    record Authorized(User user) implements QrLoginStep {
    }
}
