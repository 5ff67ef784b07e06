package io.mtflux.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.internal.session.MessageIdGenerator;
import io.mtflux.core.internal.session.MessageSession;
import io.mtflux.core.internal.session.ServerSalts;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.tl.Tl;
import io.mtflux.core.tl.TlObject;
import io.mtflux.core.tl.TlReader;
import io.mtflux.core.tl.api.InitConnection;
import io.mtflux.core.tl.api.InvokeWithLayer;
import io.mtflux.core.tl.api.NearestDc;
import io.mtflux.core.tl.api.help.HelpGetNearestDc;
import io.mtflux.core.tl.mtproto.Message;
import io.mtflux.core.tl.mtproto.MsgContainer;
import io.mtflux.core.tl.mtproto.RpcError;
import io.mtflux.core.tl.mtproto.RpcResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/** Wrapping, deadlines, answers and re-binds of the calls in {@link InFlightCalls}, driven by hand. */
class InFlightCallsTest {
    private static final AtomicLong SERVER_IDS = new AtomicLong((System.currentTimeMillis() / 1000) << 32 | 1);
    private static final Duration TIMEOUT = Duration.ofHours(1);
    private static final NearestDc ANSWER = new NearestDc("NL", 2, 4);

    private final SessionTimers timers = new SessionTimers("calls-test-timer");
    private final MessageSession session = new MessageSession(new MessageIdGenerator(), new ServerSalts(42),
        new AtomicLong(7)::incrementAndGet, u -> { });
    /** Everything the callers' sinks received, in order: "name:result" or "name:error". */
    private final List<String> completions = new ArrayList<>();
    private int flushes;
    private int unbound;
    private int seqNo = 1;

    private final InFlightCalls.Host host = new InFlightCalls.Host() {
        @Override
        public void execute(Runnable command) {
            synchronized (InFlightCallsTest.this) {
                command.run();
            }
        }

        @Override
        public void requestFlush() {
            flushes++;
        }

        @Override
        public void onKeyUnbound() {
            unbound++;
        }
    };

    private InFlightCalls calls = calls(false);

    private InFlightCalls calls(boolean temporaryKeys) {
        return new InFlightCalls(2, session, timers, TIMEOUT, 17, InitConnectionParams.defaults(), temporaryKeys,
            host);
    }

    @AfterEach
    void stop() {
        calls.close();
        timers.stop();
    }

    /** One caller's view of its call. */
    private final class Call {
        final String name;
        Object result;
        Throwable error;
        int signals;
        Disposable subscription;

        Call(String name) {
            this.name = name;
        }
    }

    private synchronized Call call(String name) {
        Call call = new Call(name);
        call.subscription = calls.invoke(new HelpGetNearestDc()).subscribe(r -> {
            call.result = r;
            call.signals++;
            completions.add(name + ":result");
        }, e -> {
            call.error = e;
            call.signals++;
            completions.add(name + ":error");
        });
        return call;
    }

    /** The one call the session sends next (acks and rpc_drop_answer aside). */
    private Message sent() {
        MessageSession.OutboundPacket packet = session.nextPacket();
        assertThat(packet).isNotNull();
        TlObject top = Tl.deserialize(packet.body());
        List<Message> messages = top instanceof MsgContainer container ? container.messages()
            : List.of(new Message(packet.msgId(), packet.seqNo(), packet.body().length, top));
        List<Message> requests = messages.stream()
            .filter(m -> m.body() instanceof HelpGetNearestDc || m.body() instanceof InvokeWithLayer).toList();
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    private static boolean wrapped(Message message) {
        if (message.body() instanceof InvokeWithLayer<?> layer) {
            assertThat(layer.query()).isInstanceOfSatisfying(InitConnection.class, init -> {
                assertThat(init.apiId()).isEqualTo(17);
                assertThat(init.query()).isInstanceOf(HelpGetNearestDc.class);
            });
            return true;
        }
        assertThat(message.body()).isInstanceOf(HelpGetNearestDc.class);
        return false;
    }

    private synchronized void answer(Message request, TlObject result) {
        session.onMessage(SERVER_IDS.addAndGet(4), seqNo, new TlReader(Tl.serialize(new RpcResult(request.msgId(),
            result))));
        seqNo += 2;
    }

    @Test
    void callsCarryInitConnectionUntilOneIsAnsweredAndAgainAfterANewKey() {
        calls.onReady();
        Call a = call("a");
        Message ma = sent();
        assertThat(wrapped(ma)).isTrue();
        Call b = call("b");
        assertThat(wrapped(sent())).as("no answer yet: still wrapped").isTrue();
        answer(ma, ANSWER);
        assertThat(a.result).isEqualTo(ANSWER);
        call("c");
        assertThat(wrapped(sent())).as("the server has seen initConnection").isFalse();

        calls.onReady();
        call("d");
        Message md = sent();
        assertThat(wrapped(md)).as("a new connection and key: wrapped again").isTrue();
        answer(md, new RpcError(400, "SOME_ERROR"));
        call("e");
        assertThat(wrapped(sent())).as("an error answer also proves the wrapper arrived").isFalse();
        assertThat(b.signals).isZero();
        assertThat(completions).containsExactly("a:result", "d:error");
    }

    @Test
    void anAnswerToAWrapperOfAnOlderConnectionDoesNotCount() {
        calls.onReady();
        call("a");
        Message ma = sent();
        calls.onReady();
        call("b");
        Message mb = sent();
        assertThat(wrapped(ma)).isTrue();
        assertThat(wrapped(mb)).isTrue();
        answer(ma, ANSWER);
        call("c");
        assertThat(wrapped(sent())).isTrue();
        answer(mb, ANSWER);
        call("d");
        assertThat(wrapped(sent())).isFalse();
    }

    @Test
    void callsTimeOutInDeadlineOrderAndOnlyOnce() throws Exception {
        calls.onReady();
        long beforeA = System.nanoTime();
        Call a = call("a");
        long afterA = System.nanoTime();
        Message ma = sent();
        Thread.sleep(5);
        call("b");
        call("c");
        assertThat(calls.size()).isEqualTo(3);

        synchronized (this) {
            calls.sweepTimeouts(beforeA + TIMEOUT.toNanos() - 1);
        }
        assertThat(completions).isEmpty();
        synchronized (this) {
            calls.sweepTimeouts(afterA + TIMEOUT.toNanos());
        }
        assertThat(completions).containsExactly("a:error");
        assertThat(a.error).isInstanceOf(TimeoutException.class)
            .hasMessage("no answer to help.getNearestDc within " + TIMEOUT);
        assertThat(calls.size()).isEqualTo(2);

        answer(ma, ANSWER);
        assertThat(a.signals).as("the session forgot the timed-out request").isEqualTo(1);
        synchronized (this) {
            calls.sweepTimeouts(afterA + TIMEOUT.toNanos() + Duration.ofSeconds(1).toNanos());
        }
        assertThat(completions).containsExactly("a:error", "b:error", "c:error");
        assertThat(calls.size()).isZero();
    }

    @Test
    void theSweepRunsOnlyWhileCallsWait() {
        calls.onReady();
        assertThat(calls.sweeping()).as("no call yet").isFalse();
        Call a = call("a");
        assertThat(calls.sweeping()).isTrue();
        answer(sent(), ANSWER);
        assertThat(a.signals).isEqualTo(1);
        synchronized (this) {
            calls.sweepTimeouts(System.nanoTime());
        }
        assertThat(calls.sweeping()).as("an idle connection keeps no periodic task").isFalse();

        call("b");
        assertThat(calls.sweeping()).as("the next call starts it again").isTrue();
        synchronized (this) {
            calls.sweepTimeouts(System.nanoTime() + TIMEOUT.toNanos() + 1);
        }
        assertThat(completions).containsExactly("a:result", "b:error");
        assertThat(calls.sweeping()).isFalse();
    }

    @Test
    void aCancelledCallLeavesTheDeadlinesAndGetsNoAnswer() {
        calls.onReady();
        Call a = call("a");
        Message ma = sent();
        Call b = call("b");
        sent();
        a.subscription.dispose();
        assertThat(calls.size()).isEqualTo(1);
        answer(ma, ANSWER);
        synchronized (this) {
            calls.sweepTimeouts(System.nanoTime() + TIMEOUT.toNanos() * 2);
        }
        assertThat(a.signals).isZero();
        assertThat(b.error).isInstanceOf(TimeoutException.class);
    }

    @Test
    void withTemporaryKeysAnUnboundKeyRequeuesTheCallThreeTimesKeepingItsDeadline() throws Exception {
        calls.close();
        calls = calls(true);
        calls.onReady();
        Call a = call("a");
        long afterA = System.nanoTime();
        Thread.sleep(5);
        for (int i = 1; i <= 3; i++) {
            answer(sent(), new RpcError(401, "AUTH_KEY_PERM_EMPTY"));
            assertThat(unbound).isEqualTo(i);
            assertThat(a.signals).isZero();
            assertThat(calls.size()).isEqualTo(1);
        }
        Message again = sent();
        synchronized (this) {
            calls.sweepTimeouts(afterA + TIMEOUT.toNanos());
        }
        assertThat(a.error).as("the deadline of the first submission holds").isInstanceOf(TimeoutException.class);

        Call b = call("b");
        for (int i = 0; i < 3; i++) {
            answer(sent(), new RpcError(401, "AUTH_KEY_PERM_EMPTY"));
        }
        assertThat(b.signals).isZero();
        answer(sent(), new RpcError(401, "AUTH_KEY_PERM_EMPTY"));
        assertThat(b.error).isInstanceOf(RpcException.class).hasMessageContaining("AUTH_KEY_PERM_EMPTY");
        assertThat(unbound).isEqualTo(6);
        assertThat(again).isNotNull();
    }

    @Test
    void withoutTemporaryKeysAnUnboundKeyIsTheCallersError() {
        calls.onReady();
        Call a = call("a");
        answer(sent(), new RpcError(401, "AUTH_KEY_PERM_EMPTY"));
        assertThat(a.error).isInstanceOf(RpcException.class);
        assertThat(unbound).isZero();
        assertThat(calls.size()).isZero();
    }

    @Test
    void afterCloseCallsFailAtOnceAndNothingIsSent() {
        calls.onReady();
        calls.close();
        Call a = call("a");
        assertThat(a.error).isInstanceOf(IllegalStateException.class).hasMessage("the client was closed");
        assertThat(session.nextPacket()).isNull();
        assertThat(calls.size()).isZero();
    }

    @Test
    void eachCallAsksForOneFlush() {
        calls.onReady();
        call("a");
        call("b");
        assertThat(flushes).isEqualTo(2);
    }
}
