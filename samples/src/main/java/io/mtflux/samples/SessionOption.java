package io.mtflux.samples;

import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.store.SessionFormatException;
import io.mtflux.core.store.StringSessionStore;
import io.mtflux.core.store.codec.StringSession;
import io.mtflux.store.url.OpenedSessionStore;
import io.mtflux.store.url.StoreForm;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The login CLI's {@code --session} value and {@code --account}: the store that keeps the session (opened by
 * {@link StoreOption}), the account in it, and the line printed after the login.
 *
 * @param store the opened store
 * @param accountId the account id in that store
 */
record SessionOption(OpenedSessionStore store, String accountId) {
    static final String ACCOUNT = "default";

    /** The account ids {@code --account} takes: what every store keeps as a key and a file name. */
    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /**
     * {@code --session value} for the account {@code account} ({@code --account}, default {@value #ACCOUNT}); a
     * {@code string:<text>} value is put in its store under the account.
     *
     * @throws UsageException for a bad account id or a bad value, and for a store that cannot be reached
     */
    static SessionOption resolve(String value, String account, Map<String, String> env) {
        if (!ACCOUNT_ID.matcher(account).matches() || account.startsWith(".")) {
            throw new UsageException("--account must be 1 to 64 letters, digits, '.', '_' or '-' (not starting with"
                + " '.'), got '" + Flags.shown(account) + "'");
        }
        OpenedSessionStore store;
        try {
            store = StoreOption.open(value, "--session", env);
        } catch (StoreOpenException e) {
            // the login CLI has always counted an unreachable --session store as a bad value
            throw new UsageException(e.getMessage());
        }
        if (store.form() == StoreForm.STRING) {
            String text = value.substring("string:".length());
            if (!text.isBlank()) {
                try {
                    ((StringSessionStore) store.store()).put(account, text);
                } catch (SessionFormatException e) {
                    throw new UsageException("--session string: " + e.getMessage());
                }
            }
        }
        return new SessionOption(store, account);
    }

    /** The line printed after a successful login of {@code client}: where its session is (or the string itself). */
    String report(MtprotoClient client) {
        return switch (store.form()) {
            case STRING -> "session string: " + StringSession.encode(client.session());
            case FILE -> "session file: " + store.shown();
            case DIRECTORY -> "session directory: " + store.shown() + " (account " + accountId + ")";
            case DATABASE -> "session database: " + store.shown();
            case REDIS -> "session redis: " + store.shown();
        };
    }
}
