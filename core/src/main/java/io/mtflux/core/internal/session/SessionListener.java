package io.mtflux.core.internal.session;

import io.mtflux.core.tl.api.Updates;

/** What a {@link MessageSession} reports besides request answers. Called on the session's thread. */
public interface SessionListener {

    /**
     * An {@code Updates} object: pushed by the server or carried by a result.
     *
     * @param updates the updates
     */
    void onUpdates(Updates updates);

    /**
     * The server (re)created the session ({@code new_session_created}): updates may have been missed, so the
     * update state should be re-synced with {@code updates.getDifference}.
     */
    default void onSessionCreated() {
    }

    /**
     * The server salt changed; worth persisting.
     *
     * @param salt the new salt
     */
    default void onSaltChanged(long salt) {
    }
}
