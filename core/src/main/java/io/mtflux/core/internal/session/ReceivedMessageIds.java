package io.mtflux.core.internal.session;

import java.util.Arrays;

/**
 * The receiver's replay check (docs/protocol.md 2.4 step 7): remembers the last N msg_ids and rejects one that is a
 * duplicate or not newer than the oldest remembered. O(log N) per check; confined to one thread.
 *
 * <p>The window is N ids, but the array holding them starts small ({@link #INITIAL_SLOTS}) and doubles as ids
 * arrive, up to N: an idle session that received a few dozen messages holds a few hundred bytes instead of N longs.
 * Growing never drops an id, so every accept or reject decision is the one a window preallocated at N makes.
 */
public final class ReceivedMessageIds {
    /** The array's first size. */
    static final int INITIAL_SLOTS = 16;

    private final int capacity;
    private long[] ids;
    private int size;

    /**
     * Remembers up to {@code capacity} msg_ids (the array grows to it only as ids arrive).
     *
     * @param capacity N: how many of the latest msg_ids the window remembers, at least 1
     * @throws IllegalArgumentException if {@code capacity} is less than 1
     */
    public ReceivedMessageIds(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        this.capacity = capacity;
        this.ids = new long[Math.min(capacity, INITIAL_SLOTS)];
    }

    /**
     * Records {@code msgId}; returns false (and records nothing) for a replay.
     *
     * @param msgId a received msg_id
     * @return whether it was new
     */
    public boolean add(long msgId) {
        if (size == capacity && msgId <= ids[0]) {
            return false;
        }
        int at = Arrays.binarySearch(ids, 0, size, msgId);
        if (at >= 0) {
            return false;
        }
        int insert = -at - 1;
        if (size == capacity) {
            // drop the oldest: shift the prefix left by one
            System.arraycopy(ids, 1, ids, 0, insert - 1);
            ids[insert - 1] = msgId;
        } else {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, Math.min(capacity, ids.length * 2));
            }
            System.arraycopy(ids, insert, ids, insert + 1, size - insert);
            ids[insert] = msgId;
            size++;
        }
        return true;
    }

    /**
     * The state byte of {@code msgs_state_info} for {@code msgId}: 1 older than anything kept, 2 not received
     * within the kept range, 3 newer than anything kept, 4 received.
     *
     * @param msgId a msg_id the peer asks about
     * @return 1, 2, 3 or 4
     */
    public byte state(long msgId) {
        if (size == 0 || msgId > ids[size - 1]) {
            return 3;
        }
        if (msgId < ids[0]) {
            return 1;
        }
        return Arrays.binarySearch(ids, 0, size, msgId) >= 0 ? (byte) 4 : (byte) 2;
    }

    /**
     * {@return how many msg_ids are remembered}
     */
    public int size() {
        return size;
    }

    /**
     * {@return how many ids the window remembers at most}
     */
    public int capacity() {
        return capacity;
    }

    /** How many ids the array holds room for now (grows with {@link #size()}, never past the capacity). */
    int slots() {
        return ids.length;
    }
}
