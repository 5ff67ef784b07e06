package io.mtflux.core.internal.session;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Client msg_ids: about {@code server_unixtime * 2^32}, divisible by 4, never a zero low half, strictly increasing
 * within a session (docs/protocol.md 2.7). The server time is the local clock plus an offset learned from the key
 * exchange and corrected from server msg_ids (bad_msg_notification 16/17). Confined to the session's thread.
 */
public final class MessageIdGenerator {
    private final LongSupplier clockMillis;
    private long offsetMillis;
    private long last;

    /** Uses the system clock. */
    public MessageIdGenerator() {
        this(System::currentTimeMillis);
    }

    /**
     * Uses {@code clockMillis} as the local clock (tests inject one).
     *
     * @param clockMillis the local clock, in milliseconds since the epoch
     */
    public MessageIdGenerator(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    /** {@return the next msg_id} */
    public long next() {
        long nowMillis = clockMillis.getAsLong() + offsetMillis;
        long seconds = Math.floorDiv(nowMillis, 1000);
        long fraction = (Math.floorMod(nowMillis, 1000) << 32) / 1000;
        // random low bits make ids unpredictable; the fraction keeps them ordered with time
        long id = (seconds << 32) | ((fraction ^ ThreadLocalRandom.current().nextInt(1 << 22)) & 0xffffffffL);
        id &= ~3L;
        if ((id & 0xffffffffL) == 0) {
            id |= 4;
        }
        if (id <= last) {
            id = last + 4;
        }
        last = id;
        return id;
    }

    /**
     * Forgets the last id, for a new session: msg_ids only increase within one session, so after the clock is
     * set back (bad_msg_notification 17) the ids can drop only together with the session.
     */
    public void restart() {
        last = 0;
    }

    /** {@return the server time as this generator sees it, in seconds} */
    public long serverTimeSeconds() {
        return Math.floorDiv(clockMillis.getAsLong() + offsetMillis, 1000);
    }

    /** {@return the offset (server minus local) in seconds} */
    public long timeOffsetSeconds() {
        return Math.floorDiv(offsetMillis, 1000);
    }

    /**
     * Sets the offset from a known server time (the key exchange's {@code server_time}).
     *
     * @param serverUnixSeconds the server's unixtime
     */
    public void syncToServerTime(long serverUnixSeconds) {
        offsetMillis = serverUnixSeconds * 1000 - clockMillis.getAsLong();
    }

    /**
     * Sets the offset directly (restored from a stored session).
     *
     * @param seconds server time minus local time
     */
    public void setTimeOffsetSeconds(long seconds) {
        offsetMillis = seconds * 1000;
    }

    /**
     * Re-syncs from a server msg_id, whose high half is the server's unixtime (bad_msg_notification 16/17).
     *
     * @param serverMsgId a msg_id the server made
     */
    public void syncToServerMsgId(long serverMsgId) {
        syncToServerTime(serverMsgId >>> 32);
    }
}
