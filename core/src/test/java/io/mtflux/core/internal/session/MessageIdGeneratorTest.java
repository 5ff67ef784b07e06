package io.mtflux.core.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MessageIdGeneratorTest {

    @Test
    void idsAreDivisibleByFourStrictlyIncreasingAndCarryTheTime() {
        AtomicLong clock = new AtomicLong(1_700_000_000_000L);
        MessageIdGenerator ids = new MessageIdGenerator(clock::get);
        long last = 0;
        for (int i = 0; i < 100_000; i++) {
            long id = ids.next(); // the clock stands still: ids must still grow
            assertThat(id % 4).isZero();
            assertThat(id & 0xffffffffL).isNotZero();
            assertThat(id).isGreaterThan(last);
            last = id;
        }
        assertThat(last >>> 32).isBetween(1_700_000_000L, 1_700_000_001L);
    }

    @Test
    void offsetFromServerTimeAndServerMsgIds() {
        AtomicLong clock = new AtomicLong(1_700_000_000_500L);
        MessageIdGenerator ids = new MessageIdGenerator(clock::get);
        ids.syncToServerTime(1_700_003_600L); // the server is an hour ahead
        assertThat(ids.timeOffsetSeconds()).isBetween(3599L, 3600L); // the server time is known to the second
        assertThat(ids.next() >>> 32).isEqualTo(1_700_003_600L);
        ids.syncToServerMsgId((1_699_996_400L << 32) | 1); // a bad_msg_notification from an hour behind
        assertThat(ids.serverTimeSeconds()).isEqualTo(1_699_996_400L);
        long after = ids.next();
        assertThat(after % 4).isZero();
        // strictly increasing even when the clock moved back: the new id is just above the last one
        assertThat(after >>> 32).isEqualTo(1_700_003_600L);
    }
}
