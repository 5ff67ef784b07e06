package io.mtflux.testkit;

import java.util.Objects;

/**
 * A login code the cluster "sent" (what an SMS or a call would have carried), delivered to the test instead.
 *
 * @param phone the normalized phone number, digits only (no {@code +})
 * @param code the code
 * @param dcId the DC whose {@code auth.sendCode} or {@code auth.resendCode} produced it
 * @param type how the {@code auth.sentCode} answer said it was delivered (a resend: the previous next type)
 */
public record LoginCode(String phone, String code, int dcId, CodeDelivery type) {

    /**
     * Checks that no component is null.
     *
     * @param phone the normalized phone number
     * @param code the code
     * @param dcId the DC that produced it
     * @param type how it was said to be delivered
     * @throws NullPointerException if {@code phone}, {@code code} or {@code type} is null
     */
    public LoginCode {
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(type, "type");
    }
}
