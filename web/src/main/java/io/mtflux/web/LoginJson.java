package io.mtflux.web;

import io.mtflux.accounts.AccountSnapshot;
import io.mtflux.auth.LoginStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON shapes of the login API, as plain maps (camelCase, instants as ISO-8601 strings, nulls kept so a
 * page sees every field): a {@link LoginStatus} has no phone_code_hash, code or password to leak.
 */
final class LoginJson {
    private LoginJson() {
    }

    static Map<String, Object> status(LoginStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", s.step().name());
        m.put("phoneNumber", s.phoneNumber());
        m.put("codeType", s.codeType());
        m.put("codeLength", s.codeLength());
        m.put("nextCodeType", s.nextCodeType());
        m.put("timeoutSeconds", s.timeoutSeconds());
        m.put("sentAt", iso(s.sentAt()));
        m.put("passwordHint", s.passwordHint());
        m.put("termsOfServiceText", s.termsOfServiceText());
        m.put("userId", s.userId());
        m.put("firstName", s.firstName());
        m.put("lastName", s.lastName());
        m.put("username", s.username());
        m.put("bot", s.bot());
        m.put("qrUrl", s.qrUrl());
        m.put("qrExpires", iso(s.qrExpires()));
        m.put("attemptsLeft", s.attemptsLeft());
        return m;
    }

    static Map<String, Object> snapshot(AccountSnapshot a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accountId", a.accountId());
        m.put("state", a.state().name());
        m.put("since", iso(a.since()));
        m.put("userId", a.userId());
        m.put("homeDc", a.homeDc());
        m.put("lastError", a.lastError());
        m.put("floodWaitUntil", iso(a.floodWaitUntil()));
        m.put("pendingStep", a.pendingStep() == null ? null : a.pendingStep().name());
        return m;
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
