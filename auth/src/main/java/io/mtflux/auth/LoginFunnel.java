package io.mtflux.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The login funnel: {@code mtproto.login.funnel} (tags {@code stage} = code_sent / signed_in / password /
 * authorized, {@code kind} = phone / bot / qr) and {@code mtproto.login.failures} (tag {@code error}, the RPC
 * error name). {@link #NONE} records nothing; Micrometer stays an optional dependency (only
 * {@link #micrometer} touches it).
 */
interface LoginFunnel {

    LoginFunnel NONE = new LoginFunnel() {
        @Override
        public void stage(String stage, String kind) {
        }

        @Override
        public void failure(String error) {
        }
    };

    /** One login of {@code kind} reached {@code stage}. */
    void stage(String stage, String kind);

    /** A login step failed with {@code error} (a name from {@link AuthErrors#errorName}). */
    void failure(String error);

    static LoginFunnel micrometer(MeterRegistry registry) {
        return new LoginFunnel() {
            @Override
            public void stage(String stage, String kind) {
                Counter.builder("mtproto.login.funnel").tag("stage", stage).tag("kind", kind).register(registry)
                    .increment();
            }

            @Override
            public void failure(String error) {
                Counter.builder("mtproto.login.failures").tag("error", error).register(registry).increment();
            }
        };
    }
}
