package io.mtflux.core.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The replay window grows its array lazily; these tests hold it to the decisions of a window preallocated at its
 * full capacity (the reference below, the algorithm the class had before it grew lazily), on every kind of input:
 * duplicates, ids older than the oldest remembered, out-of-order ids, and long runs past the capacity.
 */
class ReceivedMessageIdsTest {

    /** The reference: the window preallocated at its capacity. */
    private static final class Preallocated {
        private final long[] ids;
        private int size;

        Preallocated(int capacity) {
            ids = new long[capacity];
        }

        boolean add(long msgId) {
            if (size == ids.length && msgId <= ids[0]) {
                return false;
            }
            int at = Arrays.binarySearch(ids, 0, size, msgId);
            if (at >= 0) {
                return false;
            }
            int insert = -at - 1;
            if (size == ids.length) {
                System.arraycopy(ids, 1, ids, 0, insert - 1);
                ids[insert - 1] = msgId;
            } else {
                System.arraycopy(ids, insert, ids, insert + 1, size - insert);
                ids[insert] = msgId;
                size++;
            }
            return true;
        }

        byte state(long msgId) {
            if (size == 0 || msgId > ids[size - 1]) {
                return 3;
            }
            if (msgId < ids[0]) {
                return 1;
            }
            return Arrays.binarySearch(ids, 0, size, msgId) >= 0 ? (byte) 4 : (byte) 2;
        }
    }

    @Test
    void duplicatesTooOldAndOutOfOrderIdsAreDecidedAsByAFullWindow() {
        ReceivedMessageIds seen = new ReceivedMessageIds(4);
        assertThat(seen.add(101)).isTrue();
        assertThat(seen.add(105)).isTrue();
        assertThat(seen.add(103)).as("out of order, newer than the oldest").isTrue();
        assertThat(seen.add(105)).as("duplicate").isFalse();
        assertThat(seen.add(107)).isTrue();
        assertThat(seen.add(109)).as("101 falls out").isTrue();
        assertThat(seen.add(101)).as("older than everything kept").isFalse();
        assertThat(seen.add(102)).as("older than the oldest kept (103)").isFalse();
        assertThat(seen.add(104)).as("a gap inside the window").isTrue();
        assertThat(seen.size()).isEqualTo(4);
        assertThat(seen.state(99)).isEqualTo((byte) 1);
        assertThat(seen.state(106)).isEqualTo((byte) 2);
        assertThat(seen.state(111)).isEqualTo((byte) 3);
        assertThat(seen.state(107)).isEqualTo((byte) 4);
    }

    @Test
    void theArrayStartsSmallAndGrowsOnlyAsIdsArrive() {
        ReceivedMessageIds seen = new ReceivedMessageIds(2048);
        assertThat(seen.capacity()).isEqualTo(2048);
        assertThat(seen.slots()).isEqualTo(ReceivedMessageIds.INITIAL_SLOTS);
        for (int i = 1; i <= ReceivedMessageIds.INITIAL_SLOTS; i++) {
            assertThat(seen.add(i * 4L + 1)).isTrue();
        }
        assertThat(seen.slots()).isEqualTo(ReceivedMessageIds.INITIAL_SLOTS);
        assertThat(seen.add(1_000_001)).isTrue();
        assertThat(seen.slots()).isEqualTo(2 * ReceivedMessageIds.INITIAL_SLOTS);
        for (int i = 0; i < 5000; i++) {
            seen.add(2_000_001 + 4L * i);
        }
        assertThat(seen.slots()).isEqualTo(2048);
        assertThat(seen.size()).isEqualTo(2048);
        assertThat(new ReceivedMessageIds(5).slots()).isEqualTo(5);
        assertThatThrownBy(() -> new ReceivedMessageIds(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomStreamsGetTheSameAnswersAsAPreallocatedWindow() {
        SplittableRandom random = new SplittableRandom(20240611);
        for (int capacity : new int[] {1, 3, 16, 17, 100, 2048}) {
            for (int round = 0; round < 20; round++) {
                ReceivedMessageIds lazy = new ReceivedMessageIds(capacity);
                Preallocated full = new Preallocated(capacity);
                long next = 1_000_000_001L;
                long[] recent = new long[64];
                int recentCount = 0;
                int rejected = 0;
                for (int i = 0; i < 6000; i++) {
                    long id;
                    int kind = random.nextInt(10);
                    if (kind < 5) {
                        next += 4L * (1 + random.nextInt(3)); // in order
                        id = next;
                    } else if (kind < 7 && recentCount > 0) {
                        id = recent[random.nextInt(Math.min(recentCount, recent.length))]; // a replay
                    } else if (kind < 9) {
                        id = next - 4L * random.nextInt(1 + 3 * capacity); // out of order, maybe too old
                    } else {
                        id = next - 4L * (10L * capacity + random.nextInt(1000)); // far too old
                    }
                    boolean expected = full.add(id);
                    assertThat(lazy.add(id)).as("capacity %d, id %d (#%d)", capacity, id, i).isEqualTo(expected);
                    rejected += expected ? 0 : 1;
                    recent[recentCount++ % recent.length] = id;
                    long probe = next - 4L * random.nextInt(2 * capacity + 2) + random.nextInt(3) - 1;
                    assertThat(lazy.state(probe)).isEqualTo(full.state(probe));
                    assertThat(lazy.size()).isEqualTo(full.size);
                }
                assertThat(rejected).as("the stream has replays and stale ids").isPositive();
                assertThat(lazy.slots()).isLessThanOrEqualTo(capacity);
            }
        }
    }
}
