package io.mtflux.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.store.SessionLease;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.StringSessionStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The accounts CLI's credentials: the session's own first, the given ones only where it has none. */
class AccountsCliCredentialsTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String GIVEN = "ffffffffffffffffffffffffffffffff";

    @Test
    void aSessionKeepsItsOwnAndOneWithoutGetsTheGivenOnes() {
        InMemorySessionStore raw = new InMemorySessionStore();
        raw.save("own", SessionState.initial(2, List.of()).withApiCredentials(7, "own-hash")).block(WAIT);
        raw.save("none", SessionState.initial(3, List.of())).block(WAIT);
        FallbackCredentialsStore store = new FallbackCredentialsStore(raw, 99, GIVEN);

        SessionState own = store.load("own").block(WAIT);
        assertThat(own.apiId()).isEqualTo(7);
        assertThat(own.apiHash()).isEqualTo("own-hash");
        SessionState none = store.load("none").block(WAIT);
        assertThat(none.apiId()).isEqualTo(99);
        assertThat(none.apiHash()).isEqualTo(GIVEN);
        assertThat(none.homeDc()).isEqualTo(3);
        // the store itself is unchanged until a save
        assertThat(raw.load("none").block(WAIT).hasApiCredentials()).isFalse();
        assertThat(store.load("absent").block(WAIT)).isNull();
        assertThat(store.accountIds().collectList().block(WAIT)).containsExactlyInAnyOrder("own", "none");
    }

    @Test
    void leasesGoToTheStore() {
        InMemorySessionStore raw = new InMemorySessionStore();
        raw.save("a", SessionState.initial(2, List.of())).block(WAIT);
        FallbackCredentialsStore store = new FallbackCredentialsStore(raw, 99, GIVEN);
        SessionLease lease = store.acquire("a", "me", Duration.ofSeconds(10)).block(WAIT);
        assertThat(raw.leaseHolders("").block(WAIT)).containsEntry("a", "me");
        assertThat(store.leaseHolders("").block(WAIT)).containsEntry("a", "me");
        SessionState loaded = store.load("a").block(WAIT);
        assertThat(store.save(lease, loaded).block(WAIT).apiId()).isEqualTo(99);
        assertThat(raw.load("a").block(WAIT).apiHash()).isEqualTo(GIVEN);
        store.release(lease).block(WAIT);
        assertThat(raw.leaseHolders("").block(WAIT)).isEmpty();
    }

    @Test
    void aStoreWithoutLeasesOrBadCredentialsAreRefusedAndTheHashIsNeverShown() {
        assertThatThrownBy(() -> new FallbackCredentialsStore(new StringSessionStore(), 1, GIVEN))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no leases");
        assertThatThrownBy(() -> new FallbackCredentialsStore(new InMemorySessionStore(), 0, GIVEN))
            .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(GIVEN);
        assertThat(new FallbackCredentialsStore(new InMemorySessionStore(), 1, GIVEN).toString())
            .contains("apiId=1").doesNotContain(GIVEN);
    }
}
