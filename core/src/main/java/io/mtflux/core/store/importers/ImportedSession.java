package io.mtflux.core.store.importers;

import io.mtflux.core.store.SessionState;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A session imported from another library's string by {@link ForeignSessions}: a complete state (version 0) with
 * the home DC's key marked authorized, and what the string told besides.
 *
 * @param state the state to save into a store or hand to a client
 * @param format the library format it was read as ("Telethon", "GramJS", "Pyrogram", "mtcute", "mtflux")
 * @param testMode whether the session is on Telegram's test DCs (build the client with {@code DcOptions.test()})
 * @param apiId the api_id the string carries (Pyrogram's current format), if any
 */
public record ImportedSession(SessionState state, String format, boolean testMode, OptionalInt apiId) {
    /**
     * Checks that no component is null.
     *
     * @param state the state to save into a store or hand to a client
     * @param format the library format it was read as
     * @param testMode whether the session is on Telegram's test DCs
     * @param apiId the api_id the string carries, if any
     * @throws NullPointerException if {@code state}, {@code format} or {@code apiId} is null
     */
    public ImportedSession {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(apiId, "apiId");
    }

    /**
     * The same import with the test-mode flag set from the string's own flag.
     *
     * @param value whether the session is on the test DCs
     * @return the new import
     */
    public ImportedSession withTestMode(boolean value) {
        return new ImportedSession(state, format, value, apiId);
    }
}
