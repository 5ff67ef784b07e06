package io.mtflux.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.crypto.AuthKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class InMemorySessionStoreTest {

    private static AuthKey key(long seed) {
        byte[] bytes = new byte[AuthKey.LENGTH];
        new Random(seed).nextBytes(bytes);
        return AuthKey.of(bytes);
    }

    private static SessionState state() {
        return SessionState.initial(2, List.of(DcEndpoint.of(2, "127.0.0.1", 40002)))
            .withDc(2, new DcAuth(key(1), Instant.parse("2026-11-23T00:00:00Z"), 42, 0, true))
            .withUser(777L, false)
            .withUpdateState(new UpdateState(1, 2, 3, 4));
    }

    @Test
    void unknownAccountLoadsEmptyAndSavesBumpTheVersion() {
        InMemorySessionStore store = new InMemorySessionStore();
        StepVerifier.create(store.load("a")).verifyComplete();
        SessionState saved = store.save("a", state()).block();
        assertThat(saved.version()).isEqualTo(1);
        assertThat(store.load("a").block()).isEqualTo(saved);
        SessionState again = store.save("a", saved.withHomeDc(4)).block();
        assertThat(again.version()).isEqualTo(2);
        assertThat(again.homeDc()).isEqualTo(4);
        store.delete("a").block();
        StepVerifier.create(store.load("a")).verifyComplete();
    }

    @Test
    void aStaleSaveFailsWithAConflictAndChangesNothing() {
        InMemorySessionStore store = new InMemorySessionStore();
        SessionState v1 = store.save("a", state()).block();
        store.save("a", v1.withHomeDc(3)).block();
        StepVerifier.create(store.save("a", v1.withHomeDc(5)))
            .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(SessionConflictException.class)
                .hasMessage("session of account 'a' is at version 2, the save expected 1"))
            .verify();
        assertThat(store.load("a").block().homeDc()).isEqualTo(3);
    }

    @Test
    void concurrentSavesOfOneVersionHaveExactlyOneWinner() {
        InMemorySessionStore store = new InMemorySessionStore();
        SessionState v1 = store.save("a", state()).block();
        List<Mono<SessionState>> saves = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            int dc = 1 + i % 5;
            saves.add(store.save("a", v1.withHomeDc(dc)).subscribeOn(Schedulers.parallel())
                .onErrorResume(SessionConflictException.class, e -> Mono.empty()));
        }
        List<SessionState> winners = Flux.merge(saves).collectList().block();
        assertThat(winners).hasSize(1);
        assertThat(store.load("a").block()).isEqualTo(winners.get(0));
    }

    @Test
    void toStringNeverShowsKeyBytes() {
        SessionState s = state();
        String text = s.toString();
        assertThat(text).contains("authKeyId=").doesNotContain("serverSalt");
        byte[] raw = s.dc(2).orElseThrow().authKey().bytes();
        assertThat(text).doesNotContain(java.util.HexFormat.of().formatHex(raw, 0, 8));
    }
}
