package io.mtflux.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.mtflux.accounts.AccountManager;
import java.util.Objects;

/**
 * What the console's parts share: the options, the accounts, the registry the dashboard reads, the guard every
 * route goes through, and one JSON mapper.
 *
 * @param options the console's options
 * @param accounts the accounts it serves
 * @param registry the registry the dashboard reads (the clients' meters are in it)
 * @param guard the access checks and security headers
 * @param json the JSON mapper of requests and answers
 */
record ConsoleContext(ConsoleOptions options, AccountManager accounts, MeterRegistry registry, Guard guard,
                      ObjectMapper json) {
    ConsoleContext {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(accounts, "accounts");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(guard, "guard");
        Objects.requireNonNull(json, "json");
    }

    /** {@return {@code path} (from {@code /}) under the console's base path} */
    String path(String path) {
        return options.basePath() + path;
    }
}
