package io.mtflux.core.internal.session;

/**
 * seq_no of one session's outgoing messages (docs/protocol.md 2.8): a content-related message gets {@code 2n + 1} and
 * counts, any other gets {@code 2n}. Confined to the session's thread.
 */
public final class SeqNoCounter {
    private int contentRelated;

    /**
     * The seq_no for the next message.
     *
     * @param isContentRelated whether the message needs an acknowledgement
     * @return the seq_no: odd for a content-related message
     */
    public int next(boolean isContentRelated) {
        if (isContentRelated) {
            return 2 * contentRelated++ + 1;
        }
        return 2 * contentRelated;
    }

    /** {@return number of content-related messages sent so far} */
    public int contentRelatedCount() {
        return contentRelated;
    }

    /** Starts over, for a new session id. */
    public void reset() {
        contentRelated = 0;
    }
}
