package io.mtflux.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.store.SessionState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** API credentials in the options: required, except that a client with a session store may take the stored ones. */
class ClientOptionsCredentialsTest {
    private static final String HASH = "0123456789abcdef0123456789abcdef";

    @Test
    void withoutAStoreBothCredentialsAreRequired() {
        assertThatThrownBy(() -> ClientOptions.builder().build()).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("apiId is required");
        assertThatThrownBy(() -> ClientOptions.builder().apiId(1).build()).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("apiHash is required");
        assertThatThrownBy(() -> ClientOptions.builder().apiHash(HASH).build())
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("apiId is required");
    }

    @Test
    void withAStoreBothMayBeLeftOutButNotOne() {
        InMemorySessionStore store = new InMemorySessionStore();
        ClientOptions fromSession = ClientOptions.builder().sessionStore(store).build();
        assertThat(fromSession.hasApiCredentials()).isFalse();
        assertThat(fromSession.apiId()).isZero();
        assertThat(fromSession.apiHash()).isNull();
        assertThat(fromSession.toString()).contains("apiId/apiHash=from the session");
        assertThatThrownBy(() -> ClientOptions.builder().sessionStore(store).apiId(5).build())
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("apiHash is required");
        assertThatThrownBy(() -> ClientOptions.builder().sessionStore(store).apiHash(HASH).build())
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("apiId is required");
        ClientOptions given = fromSession.mutate().apiId(7).apiHash(HASH).build();
        assertThat(given.hasApiCredentials()).isTrue();
        assertThat(given.toString()).contains("apiId=7").doesNotContain(HASH);
    }

    @Test
    void connectWithoutCredentialsAnywhereIsATypedErrorAndStoredOnesAreUsed() {
        InMemorySessionStore store = new InMemorySessionStore();
        ClientOptions options = ClientOptions.builder().sessionStore(store).accountId("nobody")
            // nothing listens here: the credentials are checked before any connection
            .dcOptions(DcOptions.of(List.of(io.mtflux.core.store.DcEndpoint.of(2, "127.0.0.1", 9)),
                DcOptions.production().rsaKeys(), 2))
            .build();
        MtprotoClient client = MtprotoClient.create(options);
        assertThatThrownBy(() -> client.connect().block(Duration.ofSeconds(10)))
            .isInstanceOf(ApiCredentialsMissingException.class)
            .hasMessageContaining("'nobody'")
            .satisfies(e -> assertThat(((ApiCredentialsMissingException) e).accountId()).isEqualTo("nobody"));
        assertThat(client.apiHash()).isNull();
        // a stored session with credentials but none in the options: the client takes them on connect
        store.save("saved", SessionState.initial(2, List.of()).withApiCredentials(4321, HASH))
            .block(Duration.ofSeconds(10));
        MtprotoClient restarted = MtprotoClient.create(options.mutate().accountId("saved")
            .maxConnectAttempts(1).requestTimeout(Duration.ofSeconds(2)).build());
        assertThatThrownBy(() -> restarted.connect().block(Duration.ofSeconds(30)))
            .isNotInstanceOf(ApiCredentialsMissingException.class);
        assertThat(restarted.apiId()).isEqualTo(4321);
        assertThat(restarted.apiHash()).isEqualTo(HASH);
        restarted.close().block(Duration.ofSeconds(10));
        client.close().block(Duration.ofSeconds(10));
    }
}
