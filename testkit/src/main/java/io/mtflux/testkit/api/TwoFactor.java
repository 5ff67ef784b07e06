package io.mtflux.testkit.api;

import io.mtflux.core.internal.server.SrpServer;

/**
 * An account's 2FA password as the server keeps it: the SRP verifier state (salts, group, v; never the password)
 * and the hint. {@link #toString()} shows neither v nor the hint.
 *
 * @param srp the verifier state
 * @param hint the hint, or null
 */
public record TwoFactor(SrpServer srp, String hint) {

    @Override
    public String toString() {
        return "TwoFactor[hidden]";
    }
}
