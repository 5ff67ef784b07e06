package io.mtflux.testkit;

/**
 * A login code the cluster "sent" (what an SMS would have carried), delivered to the test instead.
 *
 * @param phone the normalized phone number, digits only (no {@code +})
 * @param code the code
 * @param dcId the DC whose {@code auth.sendCode} or {@code auth.resendCode} produced it
 */
public record LoginCode(String phone, String code, int dcId) {
}
