package io.mtflux.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.internal.session.MessageIdGenerator;
import io.mtflux.core.internal.session.MessageSession;
import io.mtflux.core.internal.session.ServerSalts;
import io.mtflux.core.tl.TlReader;
import io.mtflux.core.tl.TlWriter;
import io.mtflux.core.tl.mtproto.GetFutureSalts;
import io.mtflux.core.tl.mtproto.PingDelayDisconnect;
import io.mtflux.core.tl.mtproto.Pong;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pings, pong deadlines, ack batching and salt requests of {@link Keepalive}, driven by hand. */
class KeepaliveTest {
    private static final AtomicLong SERVER_IDS = new AtomicLong((System.currentTimeMillis() / 1000) << 32 | 1);

    private final SessionTimers timers = new SessionTimers("keepalive-test-timer");
    private final MessageSession session = new MessageSession(new MessageIdGenerator(), new ServerSalts(42),
        new AtomicLong(7)::incrementAndGet, u -> { });
    private final AtomicInteger flushes = new AtomicInteger();
    private final List<String> drops = new ArrayList<>();
    private final Keepalive keepalive = new Keepalive(2, session, timers, Duration.ofHours(1), new Keepalive.Host() {
        @Override
        public void execute(Runnable command) {
            synchronized (KeepaliveTest.this) {
                command.run();
            }
        }

        @Override
        public void requestFlush() {
            flushes.incrementAndGet();
        }

        @Override
        public void dropConnection(String why) {
            drops.add(why);
        }
    });

    @AfterEach
    void stopTimers() {
        timers.stop();
    }

    /** Sends whatever the session queued; returns the top-level msg_id and whether the body has constructor id. */
    private MessageSession.OutboundPacket sent() {
        MessageSession.OutboundPacket packet = session.nextPacket();
        assertThat(packet).isNotNull();
        return packet;
    }

    private static boolean carries(MessageSession.OutboundPacket packet, int constructor) {
        TlReader r = new TlReader(packet.body());
        while (r.remaining() >= 4) {
            if (r.readInt() == constructor) {
                return true;
            }
        }
        return false;
    }

    /** The msg_id of the ping in a packet (a lone message or one inside a container). */
    private static long pingMsgId(MessageSession.OutboundPacket packet) {
        TlReader r = new TlReader(packet.body());
        int id = r.readInt();
        if (id == PingDelayDisconnect.ID) {
            return packet.msgId();
        }
        int count = r.readInt();
        for (int i = 0; i < count; i++) {
            long msgId = r.readLong();
            r.readInt();
            int length = r.readInt();
            byte[] body = r.readRaw(length);
            if (new TlReader(body).readInt() == PingDelayDisconnect.ID) {
                return msgId;
            }
        }
        throw new AssertionError("no ping in the packet");
    }

    private void receive(Object message, int seqNo) {
        byte[] body = TlWriter.serialize((io.mtflux.core.tl.TlObject) message);
        session.onMessage(SERVER_IDS.addAndGet(4), seqNo, new TlReader(body));
    }

    @Test
    void aPingWithoutPongByTheNextPeriodDropsTheConnection() {
        keepalive.start();
        session.nextPacket(); // get_future_salts, if the salts need it
        keepalive.ping();
        assertThat(carries(sent(), PingDelayDisconnect.ID)).isTrue();
        assertThat(keepalive.awaitingPong()).isTrue();
        assertThat(drops).isEmpty();
        keepalive.ping();
        assertThat(drops).singleElement().asString().contains("no pong");
    }

    @Test
    void aPongInTimeKeepsTheConnection() {
        keepalive.start();
        session.nextPacket();
        keepalive.ping();
        MessageSession.OutboundPacket ping = sent();
        receive(new Pong(pingMsgId(ping), 1), 0);
        assertThat(keepalive.awaitingPong()).isFalse();
        keepalive.ping();
        assertThat(drops).isEmpty();
        assertThat(carries(sent(), PingDelayDisconnect.ID)).isTrue();
    }

    @Test
    void stoppedItNeitherPingsNorDrops() {
        keepalive.start();
        keepalive.ping();
        keepalive.stop();
        assertThat(keepalive.running()).isFalse();
        assertThat(keepalive.awaitingPong()).isFalse();
        session.nextPacket();
        keepalive.ping();
        keepalive.ping();
        assertThat(drops).isEmpty();
        assertThat(session.nextPacket()).isNull();
    }

    @Test
    void futureSaltsAreAskedForWhenTheKnownOnesRunOut() {
        // a session that knows one salt and no future ones needs more
        assertThat(session.needsSalts()).isTrue();
        keepalive.start();
        assertThat(carries(sent(), GetFutureSalts.ID)).isTrue();
    }

    @Test
    void acksGoOutAtOnceWhenSixteenPileUpElseAfterTheAckDelay() throws Exception {
        keepalive.start();
        session.nextPacket();
        int before = flushes.get();
        receive(new Pong(1, 1), 1);
        keepalive.afterFrame();
        assertThat(flushes.get()).isEqualTo(before);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (flushes.get() == before && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(flushes.get()).as("the ack timer asked for a flush").isEqualTo(before + 1);

        int batch = flushes.get();
        for (int i = 0; i < Keepalive.ACK_BATCH; i++) {
            receive(new Pong(1, 1), 1);
        }
        synchronized (this) {
            keepalive.afterFrame();
        }
        assertThat(flushes.get()).isEqualTo(batch + 1);
    }
}
