package io.mtflux.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.internal.session.MessageIdGenerator;
import io.mtflux.core.internal.session.MessageSession;
import io.mtflux.core.internal.session.ProtocolException;
import io.mtflux.core.internal.session.ServerSalts;
import io.mtflux.core.metrics.ClientMetrics;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.tl.Tl;
import io.mtflux.core.tl.TlReader;
import io.mtflux.core.tl.TlWriter;
import io.mtflux.core.tl.api.Updates;
import io.mtflux.core.tl.api.auth.AuthBindTempAuthKey;
import io.mtflux.core.tl.mtproto.RpcError;
import io.mtflux.core.tl.mtproto.RpcResult;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Binding a temporary key, its refusals and timeout, and the renewal timer of {@link TempKeyBinder}. */
class TempKeyBinderTest {
    private static final AtomicLong SERVER_IDS = new AtomicLong((System.currentTimeMillis() / 1000) << 32 | 1);
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private final Random seeded = new Random(11);
    private final RandomSource random = seeded::nextBytes;
    private final AuthKey permanent = AuthKey.of(random.bytes(AuthKey.LENGTH));
    private final AuthKey temporary = AuthKey.of(random.bytes(AuthKey.LENGTH));
    private final SessionTimers timers = new SessionTimers("binder-test-timer");
    private final MessageIdGenerator ids = new MessageIdGenerator();
    private final List<MessageSession> bound = new CopyOnWriteArrayList<>();
    private final List<TemporaryKeyException> failures = new CopyOnWriteArrayList<>();
    private final List<Long> renewals = new CopyOnWriteArrayList<>();
    private final List<String> outcomes = new CopyOnWriteArrayList<>();
    private int flushes;

    private final TempKeyBinder.Host host = new TempKeyBinder.Host() {
        @Override
        public void execute(Runnable command) {
            synchronized (TempKeyBinderTest.this) {
                command.run();
            }
        }

        @Override
        public void requestFlush() {
            flushes++;
        }

        @Override
        public void onBound(MessageSession binding) {
            bound.add(binding);
        }

        @Override
        public void onBindingFailed(TemporaryKeyException failure) {
            failures.add(failure);
        }

        @Override
        public void renewNow() {
            renewals.add(System.nanoTime());
        }

        @Override
        public void onUpdates(Updates updates) {
        }
    };

    private final ClientMetrics metrics = new ClientMetrics() {
        @Override
        public void temporaryKeyBinding(int dcId, String outcome) {
            outcomes.add(dcId + ":" + outcome);
        }
    };

    private TempKeyBinder binder(int keySeconds) {
        return new TempKeyBinder(4, ids, new ServerSalts(42), random, timers, TIMEOUT, keySeconds, metrics, host);
    }

    @AfterEach
    void stopTimers() {
        timers.stop();
    }

    /** Binds and returns what went out: the lone {@code auth.bindTempAuthKey} and its msg_id. */
    private synchronized MessageSession.OutboundPacket bind(TempKeyBinder binder) {
        binder.bind(permanent, temporary);
        MessageSession.OutboundPacket packet = binder.session().nextPacket();
        assertThat(packet).isNotNull();
        assertThat(binder.session().nextPacket()).isNull();
        return packet;
    }

    /** The server answers the binding request {@code msgId} with {@code result} (a Bool or an rpc_error). */
    private synchronized void answer(MessageSession binding, long msgId, Object result) {
        TlWriter w = new TlWriter();
        w.writeInt(RpcResult.ID);
        w.writeLong(msgId);
        if (result instanceof Boolean b) {
            w.writeBool(b);
        } else {
            w.writeObject((RpcError) result);
        }
        binding.onMessage(SERVER_IDS.addAndGet(4), 1, new TlReader(w.toByteArray()));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(condition.getAsBoolean()).as("within 5 s").isTrue();
    }

    @Test
    void theBindingGoesAloneInASessionOfItsOwnSignedForThePermanentKey() {
        TempKeyBinder binder = binder(3600);
        long now = System.currentTimeMillis() / 1000;
        MessageSession.OutboundPacket packet = bind(binder);
        assertThat(binder.pending()).isTrue();
        assertThat(flushes).isEqualTo(1);
        assertThat(packet.sessionId()).isEqualTo(binder.session().sessionId());
        AuthBindTempAuthKey request = (AuthBindTempAuthKey) Tl.deserialize(packet.body());
        assertThat(request.permAuthKeyId()).isEqualTo(permanent.id());
        assertThat(request.expiresAt()).isBetween((int) now + 3599, (int) now + 3601);
        assertThat(request.encryptedMessage()).isNotEmpty();
    }

    @Test
    void anAcceptedBindingIsReportedOnceAndItsSessionStaysForLateMessages() throws Exception {
        TempKeyBinder binder = binder(3600);
        MessageSession.OutboundPacket packet = bind(binder);
        MessageSession binding = binder.session();
        answer(binding, packet.msgId(), true);
        assertThat(bound).containsExactly(binding);
        assertThat(binder.pending()).isFalse();
        assertThat(binder.session()).isSameAs(binding);
        assertThat(binding.hasOutgoing()).as("the answer's ack waits to be sent").isTrue();
        assertThat(outcomes).containsExactly("4:ok");
        // the timeout was disarmed: nothing fails after it
        Thread.sleep(TIMEOUT.toMillis() * 2);
        assertThat(failures).isEmpty();
        assertThat(outcomes).containsExactly("4:ok");
    }

    @Test
    void aRefusedBindingFailsWithTheServersReasonAndSaysWhetherThePermanentKeyIsLost() {
        TempKeyBinder binder = binder(3600);
        MessageSession.OutboundPacket packet = bind(binder);
        answer(binder.session(), packet.msgId(), new RpcError(400, "ENCRYPTED_MESSAGE_INVALID"));
        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.dcId()).isEqualTo(4);
            assertThat(f.reason()).isEqualTo("ENCRYPTED_MESSAGE_INVALID");
            assertThat(f.permanentKeyLost()).isTrue();
            assertThat(f.getCause()).isInstanceOf(RpcException.class);
            assertThat(f.getMessage()).doesNotContainIgnoringCase(HexFormat.of().formatHex(permanent.bytes(), 0, 8))
                .doesNotContainIgnoringCase(HexFormat.of().formatHex(temporary.bytes(), 0, 8));
        });
        assertThat(binder.session()).isNull();
        assertThat(binder.pending()).isFalse();

        MessageSession.OutboundPacket again = bind(binder);
        answer(binder.session(), again.msgId(), new RpcError(400, "TEMP_AUTH_KEY_EMPTY"));
        assertThat(failures).hasSize(2);
        assertThat(failures.get(1).reason()).isEqualTo("TEMP_AUTH_KEY_EMPTY");
        assertThat(failures.get(1).permanentKeyLost()).isFalse();
        assertThat(outcomes).containsExactly("4:ENCRYPTED_MESSAGE_INVALID", "4:TEMP_AUTH_KEY_EMPTY");
        assertThat(bound).isEmpty();
    }

    @Test
    void aBindingAnsweredFalseFails() {
        TempKeyBinder binder = binder(3600);
        MessageSession.OutboundPacket packet = bind(binder);
        answer(binder.session(), packet.msgId(), false);
        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo("ProtocolException");
            assertThat(f.permanentKeyLost()).isFalse();
            assertThat(f.getCause()).isInstanceOf(ProtocolException.class);
        });
        assertThat(outcomes).containsExactly("4:failed");
        assertThat(bound).isEmpty();
    }

    @Test
    void noAnswerWithinTheTimeoutFailsOnceAndALateAnswerIsIgnored() throws Exception {
        TempKeyBinder binder = binder(3600);
        long start = System.nanoTime();
        MessageSession.OutboundPacket packet = bind(binder);
        MessageSession binding = binder.session();
        await(() -> !failures.isEmpty());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(15));
        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo("no answer");
            assertThat(f.permanentKeyLost()).isFalse();
            assertThat(f.getCause()).isInstanceOf(TimeoutException.class);
        });
        assertThat(outcomes).containsExactly("4:failed");
        answer(binding, packet.msgId(), true);
        assertThat(bound).isEmpty();
        assertThat(failures).hasSize(1);
    }

    @Test
    void aLostConnectionCountsAWaitingBindingAsFailedWithoutReportingIt() throws Exception {
        TempKeyBinder binder = binder(3600);
        MessageSession.OutboundPacket packet = bind(binder);
        MessageSession binding = binder.session();
        synchronized (this) {
            binder.connectionLost();
        }
        assertThat(outcomes).containsExactly("4:failed");
        assertThat(binder.session()).isNull();
        answer(binding, packet.msgId(), true);
        Thread.sleep(TIMEOUT.toMillis() * 2);
        assertThat(bound).isEmpty();
        assertThat(failures).isEmpty();
        // once bound, a lost connection is no failed binding
        MessageSession.OutboundPacket next = bind(binder);
        answer(binder.session(), next.msgId(), true);
        synchronized (this) {
            binder.connectionLost();
        }
        assertThat(outcomes).containsExactly("4:failed", "4:ok");
    }

    @Test
    void theRenewalFiresAtRenewAfterTheKeysLifeAndNotOnceCancelledOrReArmed() throws Exception {
        TempKeyBinder binder = binder(1);
        long start = System.nanoTime();
        synchronized (this) {
            binder.scheduleRenewal();
        }
        await(() -> !renewals.isEmpty());
        assertThat(Duration.ofNanos(renewals.get(0) - start))
            .isGreaterThanOrEqualTo(TempKeyBinder.renewAfter(Duration.ofSeconds(1)).minusMillis(15))
            .isLessThan(Duration.ofSeconds(3));

        synchronized (this) {
            binder.scheduleRenewal();
            binder.cancelRenewal();
        }
        Thread.sleep(1200);
        assertThat(renewals).hasSize(1);

        synchronized (this) {
            binder.scheduleRenewal();
            binder.scheduleRenewal();
        }
        await(() -> renewals.size() == 2);
        Thread.sleep(400);
        assertThat(renewals).as("re-arming replaced the first timer").hasSize(2);

        synchronized (this) {
            binder.scheduleRenewal();
            binder.stop();
        }
        Thread.sleep(1200);
        assertThat(renewals).hasSize(2);
    }

    @Test
    void aKeyLivesAtLeastOneSecond() {
        assertThatThrownBy(() -> binder(0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("at least 1 second");
    }
}
