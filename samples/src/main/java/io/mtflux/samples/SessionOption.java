package io.mtflux.samples;

import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.store.SessionFormatException;
import io.mtflux.core.store.SessionStore;
import io.mtflux.core.store.StringSession;
import io.mtflux.core.store.StringSessionStore;
import io.mtflux.store.file.FileSessionStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The login CLI's {@code --session} value: which {@link SessionStore} keeps the session and what to print after
 * the login. Each form is an {@link Opener}, tried in order; the plain path comes last. A new adapter (an
 * {@code r2dbc:} or {@code redis://} URL) is one more opener in {@link #OPENERS}.
 *
 * @param store the store to build the client with
 * @param accountId the account id in that store
 * @param report the line printed after a successful login (null: none)
 */
record SessionOption(SessionStore store, String accountId, Function<MtprotoClient, String> report) {
    static final String ACCOUNT = "default";

    /** One form of {@code --session}. */
    interface Opener {
        /** Whether this opener reads {@code value}. */
        boolean accepts(String value);

        /** The option for {@code value}; bad values throw {@link LoginCli.UsageException}. */
        SessionOption open(String value, Map<String, String> env);
    }

    /** {@code string:} (a new session) or {@code string:<text>} (an mtflux, Telethon, GramJS, Pyrogram or mtcute
     * string): prints the mtflux string session after the login. */
    static final Opener STRING = new Opener() {
        @Override
        public boolean accepts(String value) {
            return value.startsWith("string:");
        }

        @Override
        public SessionOption open(String value, Map<String, String> env) {
            String text = value.substring("string:".length());
            StringSessionStore store = new StringSessionStore();
            if (!text.isBlank()) {
                try {
                    store.put(ACCOUNT, text);
                } catch (SessionFormatException e) {
                    throw new LoginCli.UsageException("--session string: " + e.getMessage());
                }
            }
            return new SessionOption(store, ACCOUNT, client -> "session string: "
                + StringSession.encode(client.state()));
        }
    };

    /** A file path: the session lives in that file (encrypted when MTFLUX_SESSION_PASSPHRASE is set). */
    static final Opener FILE = new Opener() {
        @Override
        public boolean accepts(String value) {
            return !value.isBlank() && value.indexOf("://") < 0;
        }

        @Override
        public SessionOption open(String value, Map<String, String> env) {
            Path file = Path.of(value);
            FileSessionStore.Builder b = FileSessionStore.file(file);
            String passphrase = env.get("MTFLUX_SESSION_PASSPHRASE");
            if (passphrase != null && !passphrase.isEmpty()) {
                b.passphrase(passphrase.toCharArray());
            }
            return new SessionOption(b.build(), ACCOUNT, client -> "session file: " + file);
        }
    };

    static final List<Opener> OPENERS = List.of(STRING, FILE);

    static SessionOption resolve(String value, Map<String, String> env) {
        for (Opener opener : OPENERS) {
            if (opener.accepts(value)) {
                return opener.open(value, env);
            }
        }
        throw new LoginCli.UsageException("--session must be a file path or string:[TEXT], got '"
            + (value.length() > 40 ? value.substring(0, 12) + "..." : value) + "'");
    }
}
