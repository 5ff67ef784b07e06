package io.mtflux.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.tl.TlMethod;
import io.mtflux.core.tl.api.BaseUpdates;
import io.mtflux.core.tl.api.Update;
import io.mtflux.core.tl.api.UpdateDeleteMessages;
import io.mtflux.core.tl.api.Updates;
import io.mtflux.core.tl.api.help.BaseHelpCountriesList;
import io.mtflux.core.tl.api.help.HelpGetCountriesList;
import io.mtflux.core.tl.api.updates.BaseUpdatesDifference;
import io.mtflux.core.tl.api.updates.UpdatesDifferenceEmpty;
import io.mtflux.core.tl.api.updates.UpdatesDifferenceSlice;
import io.mtflux.core.tl.api.updates.UpdatesDifferenceTooLong;
import io.mtflux.core.tl.api.updates.UpdatesGetDifference;
import io.mtflux.core.tl.api.updates.UpdatesGetState;
import io.mtflux.core.tl.api.updates.UpdatesState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Pushed updates lost on the way (a fault): the client sees the pts gap and recovers with updates.getDifference;
 * and updates pushed while no client was connected, recovered by the next client's catchUp().
 */
class UpdateGapRecoveryTest {
    private static final int SLICE = 3;
    private static final int TOO_LONG = 100;

    private final UpdateLog log = new UpdateLog();
    private MtprotoServer server;
    private MtprotoClient client;
    private InMemorySessionStore store;

    /** A server-side update log: "push N" calls push N updates; getDifference answers from the log. */
    private static final class UpdateLog {
        private final List<Update> updates = new ArrayList<>();
        private final AtomicInteger differenceCalls = new AtomicInteger();
        private final AtomicInteger configCalls = new AtomicInteger();
        private volatile int port;
        private int pts;

        synchronized Mono<Object> handle(RequestContext ctx, TlMethod<?> query) {
            int now = (int) (System.currentTimeMillis() / 1000);
            if (query instanceof HelpGetCountriesList push && "push".equals(push.langCode())) {
                for (int i = 0; i < push.hash(); i++) {
                    pts++;
                    Update update = new UpdateDeleteMessages(List.of(pts), pts, 1);
                    updates.add(update);
                    ctx.push(new BaseUpdates(List.of(update), List.of(), List.of(), now, 0));
                }
                return Mono.just(new BaseHelpCountriesList(List.of(), pts));
            }
            if (query instanceof HelpGetCountriesList repeat && "repeat".equals(repeat.langCode())) {
                ctx.push(new BaseUpdates(List.of(updates.get(updates.size() - 1)), List.of(), List.of(), now, 0));
                return Mono.just(new BaseHelpCountriesList(List.of(), pts));
            }
            if (query instanceof io.mtflux.core.tl.api.help.HelpGetConfig) {
                // the DC list names this server, so a session saves it
                configCalls.incrementAndGet();
                return Mono.just(TestServers.config(ctx.dcId(), List.of(new io.mtflux.core.tl.api.DcOption(false,
                    false, false, false, false, false, ctx.dcId(), "127.0.0.1", port, null))));
            }
            if (query instanceof UpdatesGetState) {
                return Mono.just(new UpdatesState(pts, 0, now, 0, 0));
            }
            if (query instanceof UpdatesGetDifference d) {
                differenceCalls.incrementAndGet();
                if (d.pts() >= pts) {
                    return Mono.just(new UpdatesDifferenceEmpty(now, 0));
                }
                if (pts - d.pts() > TOO_LONG) {
                    return Mono.just(new UpdatesDifferenceTooLong(pts));
                }
                List<Update> missing = new ArrayList<>(updates.subList(d.pts(), pts));
                if (missing.size() > SLICE) {
                    List<Update> slice = missing.subList(0, SLICE);
                    return Mono.just(new UpdatesDifferenceSlice(List.of(), List.of(), List.copyOf(slice), List.of(),
                        List.of(), new UpdatesState(d.pts() + SLICE, 0, now, 0, 0)));
                }
                return Mono.just(new BaseUpdatesDifference(List.of(), List.of(), missing, List.of(), List.of(),
                    new UpdatesState(pts, 0, now, 0, 0)));
            }
            return TestServers.handle(ctx, query);
        }
    }

    @BeforeEach
    void setUp() {
        server = MtprotoServer.builder().dcId(2).rsaKey(TestServers.RSA_KEY).handler(log::handle).build().start()
            .block(Duration.ofSeconds(30));
        log.port = server.port();
        store = new InMemorySessionStore();
        client = MtprotoClient.create(TestServers.client(server).sessionStore(store).build());
        client.connect().block(Duration.ofSeconds(30));
    }

    @AfterEach
    void tearDown() {
        client.close().block(Duration.ofSeconds(10));
        server.stop().block(Duration.ofSeconds(10));
    }

    /** The pts of the first {@code count} deleteMessages updates the client emits, in emission order. */
    private Mono<List<Integer>> collect(int count) {
        Mono<List<Integer>> got = client.updates()
            .flatMapIterable(UpdateGapRecoveryTest::updatesOf)
            .ofType(UpdateDeleteMessages.class)
            .map(UpdateDeleteMessages::pts)
            .take(count)
            .collectList()
            .cache();
        got.subscribe();
        return got;
    }

    private static List<Update> updatesOf(Updates u) {
        return u instanceof BaseUpdates b ? b.updates() : List.of();
    }

    private void push(int count) {
        client.invoke(new HelpGetCountriesList("push", count)).block(Duration.ofSeconds(10));
    }

    @Test
    void lostUpdatesAreFetchedWithGetDifferenceAndEmittedInOrderOnce() {
        Mono<List<Integer>> got = collect(6);
        push(1);
        server.faults().dropPushes(2);
        push(2); // 2 and 3 are lost
        push(1); // 4 shows the gap
        push(2); // 5 and 6 follow normally
        assertThat(got.block(Duration.ofSeconds(30))).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(client.currentUpdateState().pts()).isEqualTo(6);
        assertThat(log.differenceCalls.get()).isEqualTo(1);
        client.close().block(Duration.ofSeconds(10));
        assertThat(store.load("default").block().updateState().pts()).isEqualTo(6);
    }

    @Test
    void aLongGapIsFetchedSliceBySlice() {
        Mono<List<Integer>> got = collect(10);
        push(1);
        server.faults().dropPushes(8);
        push(9); // 2..9 lost, 10 shows the gap: slices 2-4, 5-7, then 8-10
        assertThat(got.block(Duration.ofSeconds(30))).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(log.differenceCalls.get()).isEqualTo(3);
        assertThat(client.currentUpdateState().pts()).isEqualTo(10);
    }

    @Test
    void aGapTooLongMovesThePositionForwardAndLaterUpdatesFlowAgain() {
        Mono<List<Integer>> got = collect(3);
        push(1);
        server.faults().dropPushes(TOO_LONG + 10);
        push(TOO_LONG + 11);
        push(1);
        int seen = TOO_LONG + 12;
        // what the gap skipped is not emitted (the application refetches); the update that showed it and the next
        // one are
        assertThat(got.block(Duration.ofSeconds(30))).containsExactly(1, seen, seen + 1);
        assertThat(client.currentUpdateState().pts()).isEqualTo(seen + 1);
        assertThat(log.differenceCalls.get()).isEqualTo(1);
    }

    @Test
    void anUpdateSeenTwiceIsEmittedOnce() {
        Mono<List<Integer>> got = collect(3);
        push(2);
        // the server pushes pts 2 again: behind the client's position, so dropped
        client.invoke(new HelpGetCountriesList("repeat", 0)).block(Duration.ofSeconds(10));
        push(1);
        assertThat(got.block(Duration.ofSeconds(30))).containsExactly(1, 2, 3);
        assertThat(log.differenceCalls.get()).isZero();
    }

    @Test
    void theNextClientOnTheSessionCatchesUpWithWhatWasPushedWhileNoneWasConnected() {
        Mono<List<Integer>> before = collect(2);
        push(2);
        assertThat(before.block(Duration.ofSeconds(30))).containsExactly(1, 2);
        client.close().block(Duration.ofSeconds(10));
        assertThat(store.load("default").block().updateState().pts()).isEqualTo(2);

        // another session of the account pushes 3..5 to itself; the closed client's session only has the log
        MtprotoClient other = MtprotoClient.create(TestServers.client(server).build());
        other.connect().block(Duration.ofSeconds(30));
        other.invoke(new HelpGetCountriesList("push", 3)).block(Duration.ofSeconds(10));
        other.close().block(Duration.ofSeconds(10));
        int callsBefore = log.differenceCalls.get();
        int configsBefore = log.configCalls.get();

        // resume(): the session's saved DC list is used as it is, no help.getConfig
        client = MtprotoClient.create(TestServers.client(server).sessionStore(store).build());
        client.resume().block(Duration.ofSeconds(30));
        assertThat(log.configCalls.get()).isEqualTo(configsBefore);
        Mono<List<Integer>> missed = collect(4);
        client.catchUp().block(Duration.ofSeconds(30));
        assertThat(client.currentUpdateState().pts()).isEqualTo(5);
        assertThat(log.differenceCalls.get() - callsBefore).isEqualTo(1);
        push(1); // a later push comes after the difference, once
        assertThat(missed.block(Duration.ofSeconds(30))).containsExactly(3, 4, 5, 6);
        // caught up: the next catch-up finds nothing (differenceEmpty) and emits nothing
        client.catchUp().block(Duration.ofSeconds(30));
        assertThat(client.syncUpdateState().block(Duration.ofSeconds(10)).pts()).isEqualTo(6);
        assertThat(store.load("default").block().updateState().pts()).isEqualTo(6);
    }

    @Test
    void withoutAKnownPositionCatchUpAsksForTheStateAndSyncSavesIt() {
        MtprotoClient other = MtprotoClient.create(TestServers.client(server).build());
        int configs = log.configCalls.get();
        other.resume().block(Duration.ofSeconds(30)); // a fresh session has no DC list: resume asks for it
        assertThat(log.configCalls.get()).isEqualTo(configs + 1);
        other.invoke(new HelpGetCountriesList("push", 4)).block(Duration.ofSeconds(10));
        other.close().block(Duration.ofSeconds(10));

        assertThat(client.currentUpdateState()).isNull();
        assertThat(client.syncUpdateState().block(Duration.ofSeconds(10)).pts()).isEqualTo(4);
        assertThat(log.differenceCalls.get()).isZero();
        assertThat(store.load("default").block().updateState().pts()).isEqualTo(4);
        Mono<List<Integer>> next = collect(1);
        push(1);
        assertThat(next.block(Duration.ofSeconds(30))).containsExactly(5);
    }
}
