package io.mtflux.store.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.StringSessionStore;
import io.mtflux.store.file.FileSessionStore;
import io.mtflux.store.r2dbc.R2dbcSessionStore;
import io.mtflux.store.redis.RedisSessionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionStoresTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    @TempDir
    Path dir;

    @Test
    void eachFormOpensItsStore() {
        OpenedSessionStore string = SessionStores.open("string:").block(WAIT);
        assertThat(string.store()).isInstanceOf(StringSessionStore.class);
        assertThat(string.form()).isEqualTo(StoreForm.STRING);

        OpenedSessionStore directory = SessionStores.open(dir.toString()).block(WAIT);
        assertThat(directory.store()).isInstanceOf(FileSessionStore.class);
        assertThat(directory.form()).isEqualTo(StoreForm.DIRECTORY);
        assertThat(directory.form().shared()).isTrue();

        OpenedSessionStore file = SessionStores.open(dir.resolve("one.session").toString()).block(WAIT);
        assertThat(file.form()).isEqualTo(StoreForm.FILE);
        assertThat(file.form().shared()).isFalse();

        OpenedSessionStore database = SessionStores.open("r2dbc:h2:mem:///stores-test?DB_CLOSE_DELAY=-1",
            StoreSecrets.none().key("the key", KEY)).block(WAIT);
        try {
            assertThat(database.store()).isInstanceOf(R2dbcSessionStore.class);
            assertThat(database.form()).isEqualTo(StoreForm.DATABASE);
            // a real round trip through the database
            SessionState state = SessionState.initial(2, java.util.List.of());
            database.store().save("ann", state).block(WAIT);
            assertThat(database.store().load("ann").block(WAIT)).isNotNull();
        } finally {
            database.close().block(WAIT);
        }
    }

    @Test
    void aPassphraseEncryptsSessionFiles() throws Exception {
        StoreSecrets secrets = StoreSecrets.fromEnvironment(Map.of("MTFLUX_SESSION_PASSPHRASE", "correct horse"));
        assertThat(secrets.toString()).doesNotContain("correct").contains("passphrase=set");
        OpenedSessionStore opened = SessionStores.open(dir.toString(), secrets).block(WAIT);
        opened.store().save("ann", SessionState.initial(2, java.util.List.of())).block(WAIT);
        try (var files = Files.list(dir)) {
            Path saved = files.filter(p -> p.getFileName().toString().equals("ann.session")).findFirst().orElseThrow();
            // the header's fifth byte after the magic: 1 = AES-256-GCM (0 = plain)
            assertThat(Files.readAllBytes(saved)[5]).isEqualTo((byte) 1);
        }
        assertThat(SessionStores.open(dir.toString(), secrets).block(WAIT).store().load("ann").block(WAIT))
            .isNotNull();
    }

    @Test
    void badValuesFailWithTypedErrorsAndNoPassword() {
        assertThatThrownBy(() -> SessionStores.open("mongodb://bob:s3cret@db/x"))
            .isInstanceOf(SessionStoreUrlException.class)
            .hasMessage("must be a file path, string:[TEXT], an r2dbc: URL or a redis:// URL, got 'mongodb://db/x'");
        assertThatThrownBy(() -> SessionStores.open(" ")).isInstanceOf(SessionStoreUrlException.class);
        assertThatThrownBy(() -> StoreSecrets.fromEnvironment(Map.of("MTFLUX_SESSION_KEY", "abc")))
            .isInstanceOf(SessionStoreUrlException.class)
            .hasMessage("MTFLUX_SESSION_KEY must be 64 hex digits (a 32-byte key)");

        assertThatThrownBy(() -> SessionStores.open("redis://:s3cret@127.0.0.1:1/0").block(WAIT))
            .isInstanceOf(SessionStoreOpenException.class)
            .hasMessageStartingWith("redis://127.0.0.1:1/0: ")
            .message().doesNotContain("s3cret");
        assertThatThrownBy(() -> SessionStores.open("r2dbc:nosuchdriver://bob:s3cret@127.0.0.1:1/x").block(WAIT))
            .isInstanceOf(SessionStoreOpenException.class)
            .hasMessageStartingWith("r2dbc:nosuchdriver://127.0.0.1:1/x: ")
            .message().doesNotContain("s3cret");
    }

    @Test
    void aMissingAdapterNamesItsArtifact() {
        assertThatThrownBy(() -> SessionStores.open("redis://:s3cret@cache:6379/0", StoreSecrets.none(),
            name -> !name.equals(RedisSessionStore.class.getName())))
            .isInstanceOfSatisfying(StoreAdapterMissingException.class,
                e -> assertThat(e.artifactId()).isEqualTo("mtflux-session-store-redis"))
            .hasMessage("the session store redis://cache:6379/0 (redis) needs io.mtflux:mtflux-session-store-redis"
                + " on the class path");
        assertThatThrownBy(() -> SessionStores.open(dir.toString(), StoreSecrets.none(), name -> false))
            .isInstanceOf(StoreAdapterMissingException.class).hasMessageContaining("mtflux-session-store-file");
        assertThatThrownBy(() -> SessionStores.open("r2dbc:h2:mem:///x", StoreSecrets.none(), name -> false))
            .isInstanceOf(StoreAdapterMissingException.class).hasMessageContaining("mtflux-session-store-r2dbc");
    }

    @Test
    void sharedStoresAreDirectoriesDatabasesOrRedis() {
        assertThatThrownBy(() -> SessionStores.openShared("string:", StoreSecrets.none()))
            .isInstanceOf(SessionStoreUrlException.class)
            .hasMessage("must be a directory, an r2dbc: URL or a redis:// URL (string: keeps one account in memory)");
        Path nowhere = dir.resolve("nowhere");
        assertThatThrownBy(() -> SessionStores.openShared(nowhere.toString(), StoreSecrets.none()).block(WAIT))
            .isInstanceOf(SessionStoreOpenException.class).hasMessage(nowhere + ": no such directory");
        assertThat(SessionStores.openShared(dir.toString(), StoreSecrets.none()).block(WAIT).form())
            .isEqualTo(StoreForm.DIRECTORY);
    }

    @Test
    void redactedDropsTheUserInfo() {
        assertThat(SessionStores.redacted("r2dbc:postgresql://bob:s3cret@db:5432/app"))
            .isEqualTo("r2dbc:postgresql://db:5432/app");
        assertThat(SessionStores.redacted("redis://:s3cret@cache:6379/0")).isEqualTo("redis://cache:6379/0");
        assertThat(SessionStores.redacted("r2dbc:h2:mem:///x")).isEqualTo("r2dbc:h2:mem:///x");
        assertThat(SessionStores.scrubbed("bad password s3cret for bob", "r2dbc:postgresql://bob:s3cret@db/app"))
            .isEqualTo("bad password **** for bob");
    }
}
