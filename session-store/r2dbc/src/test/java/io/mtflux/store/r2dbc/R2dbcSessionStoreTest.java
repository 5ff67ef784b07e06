package io.mtflux.store.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.core.store.CorruptSessionException;
import io.mtflux.core.store.PendingLogin;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.SessionStoreException;
import io.mtflux.core.store.codec.AuthKeyCipher;
import io.mtflux.store.contract.SessionStates;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the contract kit does not cover: schema migration, sealed keys at rest, the builder's checks. */
class R2dbcSessionStoreTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static AuthKeyCipher cipher(int seed) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) seed);
        return AuthKeyCipher.of(key);
    }

    private static List<byte[]> storedKeys(String db, String accountId) throws SQLException {
        List<byte[]> keys = new ArrayList<>();
        try (Connection c = TestDatabases.h2MemJdbc(db); PreparedStatement st = c.prepareStatement(
            "SELECT auth_key FROM mtflux_dc WHERE account_id = ? ORDER BY dc_id")) {
            st.setString(1, accountId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getBytes(1));
                }
            }
        }
        return keys;
    }

    @Test
    void theSchemaIsCreatedOnceAndANewerSchemaIsRefused() throws SQLException {
        String db = "schema";
        R2dbcSessionStore first = R2dbcSessionStore.connect(TestDatabases.h2MemUrl(db)).block(WAIT);
        SessionState saved = first.save("a", SessionStates.full(1, 2)).block(WAIT);
        first.migrate().block(WAIT);
        R2dbcSessionStore second = R2dbcSessionStore.connect(TestDatabases.h2MemUrl(db)).block(WAIT);
        assertThat(second.load("a").block(WAIT)).isEqualTo(saved);
        try (Connection c = TestDatabases.h2MemJdbc(db); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE mtflux_schema SET version = 99");
        }
        assertThatThrownBy(() -> R2dbcSessionStore.connect(TestDatabases.h2MemUrl(db)).block(WAIT))
            .isInstanceOf(SessionStoreException.class)
            .hasMessageContaining("version 99, newer than this library's 3");
        first.close().block(WAIT);
        second.close().block(WAIT);
    }

    @Test
    void aVersion1DatabaseIsMigratedAndItsRowsLoadWithoutCredentials() throws SQLException {
        String db = "v1";
        byte[] key = SessionStates.key(5).bytes();
        try (Connection c = TestDatabases.h2MemJdbc(db); Statement st = c.createStatement()) {
            // the tables and a row exactly as schema version 1 wrote them
            st.executeUpdate("CREATE TABLE mtflux_schema (id INT PRIMARY KEY, version INT NOT NULL)");
            st.executeUpdate("INSERT INTO mtflux_schema (id, version) VALUES (1, 1)");
            st.executeUpdate("CREATE TABLE mtflux_account (account_id VARCHAR(255) PRIMARY KEY, version BIGINT NOT"
                + " NULL, home_dc INT NOT NULL, user_id BIGINT, bot BOOLEAN NOT NULL, dc_options VARCHAR(16000) NOT"
                + " NULL, update_state VARCHAR(100) NOT NULL, updated_at BIGINT NOT NULL)");
            st.executeUpdate("CREATE TABLE mtflux_dc (account_id VARCHAR(255) NOT NULL, dc_id INT NOT NULL,"
                + " auth_key VARBINARY(1024) NOT NULL, key_format INT NOT NULL, created_sec BIGINT NOT NULL,"
                + " created_nano INT NOT NULL, server_salt BIGINT NOT NULL, time_offset BIGINT NOT NULL,"
                + " authorized BOOLEAN NOT NULL, PRIMARY KEY (account_id, dc_id), FOREIGN KEY (account_id)"
                + " REFERENCES mtflux_account (account_id) ON DELETE CASCADE)");
            st.executeUpdate("INSERT INTO mtflux_account VALUES ('old', 3, 2, 777, FALSE, '2,149.154.167.50,443,0',"
                + " '1,2,3,4', 0)");
            try (PreparedStatement dc = c.prepareStatement("INSERT INTO mtflux_dc VALUES ('old', 2, ?, 0,"
                + " 1700000000, 0, 5, -1, TRUE)")) {
                dc.setBytes(1, key);
                dc.executeUpdate();
            }
        }
        R2dbcSessionStore store = R2dbcSessionStore.connect(TestDatabases.h2MemUrl(db)).block(WAIT);
        SessionState old = store.load("old").block(WAIT);
        assertThat(old.version()).isEqualTo(3);
        assertThat(old.userId()).isEqualTo(777L);
        assertThat(old.dc(2).orElseThrow().authKey().bytes()).isEqualTo(key);
        assertThat(old.apiId()).isNull();
        assertThat(old.apiHash()).isNull();
        assertThat(old.pendingLogin()).isNull();
        SessionState saved = store.save("old", old.withApiCredentials(4, "0123456789abcdef0123456789abcdef"))
            .block(WAIT);
        assertThat(store.load("old").block(WAIT)).isEqualTo(saved);
        try (Connection c = TestDatabases.h2MemJdbc(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version FROM mtflux_schema")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(3);
        }
        store.close().block(WAIT);
    }

    @Test
    void aSealedApiHashIsNotStoredInClearAndNeedsItsKey() throws SQLException {
        String db = "sealed-hash";
        String url = TestDatabases.h2MemUrl(db);
        R2dbcSessionStore sealed = R2dbcSessionStore.connect(url, cipher(4)).block(WAIT);
        SessionState state = sealed.save("acc", SessionStates.full(11, 1)).block(WAIT);
        try (Connection c = TestDatabases.h2MemJdbc(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT api_hash FROM mtflux_account WHERE account_id = 'acc'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).startsWith("e:").doesNotContain(state.apiHash());
        }
        assertThat(sealed.load("acc").block(WAIT)).isEqualTo(state);
        R2dbcSessionStore noKey = R2dbcSessionStore.connect(url).block(WAIT);
        assertThatThrownBy(() -> noKey.load("acc").block(WAIT)).isInstanceOf(CorruptSessionException.class)
            .hasMessageContaining("api_hash is encrypted");
        sealed.close().block(WAIT);
        noKey.close().block(WAIT);
    }

    @Test
    void aVersion2DatabaseGainsThePendingLoginColumn() throws SQLException {
        String db = "v2";
        try (Connection c = TestDatabases.h2MemJdbc(db); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE mtflux_schema (id INT PRIMARY KEY, version INT NOT NULL)");
            st.executeUpdate("INSERT INTO mtflux_schema (id, version) VALUES (1, 2)");
            st.executeUpdate("CREATE TABLE mtflux_account (account_id VARCHAR(255) PRIMARY KEY, version BIGINT NOT"
                + " NULL, home_dc INT NOT NULL, user_id BIGINT, bot BOOLEAN NOT NULL, dc_options VARCHAR(16000) NOT"
                + " NULL, update_state VARCHAR(100) NOT NULL, updated_at BIGINT NOT NULL, api_id INT,"
                + " api_hash VARCHAR(512))");
            st.executeUpdate("INSERT INTO mtflux_account VALUES ('old', 1, 2, NULL, FALSE, '', '', 0, 5, 'p:abc')");
        }
        R2dbcSessionStore store = R2dbcSessionStore.connect(TestDatabases.h2MemUrl(db)).block(WAIT);
        SessionState old = store.load("old").block(WAIT);
        assertThat(old.apiHash()).isEqualTo("abc");
        assertThat(old.pendingLogin()).isNull();
        SessionState saved = store.save("old", old.withPendingLogin(PendingLogin.codeSent("+1 555", "hash-42", "sms",
            5, null, null, 2, java.time.Instant.ofEpochSecond(1_800_000_000L)))).block(WAIT);
        assertThat(store.load("old").block(WAIT)).isEqualTo(saved);
        store.close().block(WAIT);
    }

    @Test
    void aSealedPendingLoginIsNotStoredInClearAndNeedsItsKey() throws SQLException {
        String db = "sealed-pending";
        String url = TestDatabases.h2MemUrl(db);
        String hash = "5ec2e7c0de4a5b1f9d";
        R2dbcSessionStore sealed = R2dbcSessionStore.connect(url, cipher(4)).block(WAIT);
        SessionState state = sealed.save("acc", SessionStates.full(11, 1).withApiCredentials(null, null)
            .withPendingLogin(PendingLogin.codeSent("+1 555 0101", hash, "app", 5, "sms", 30, 1,
                java.time.Instant.EPOCH))).block(WAIT);
        try (Connection c = TestDatabases.h2MemJdbc(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pending_login FROM mtflux_account WHERE account_id = 'acc'")) {
            assertThat(rs.next()).isTrue();
            String stored = rs.getString(1);
            assertThat(stored).startsWith("e:").doesNotContain(hash);
            assertThat(new String(java.util.Base64.getDecoder().decode(stored.substring(2)),
                java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(hash).doesNotContain("555 0101");
        }
        assertThat(sealed.load("acc").block(WAIT)).isEqualTo(state);
        R2dbcSessionStore noKey = R2dbcSessionStore.connect(url).block(WAIT);
        assertThatThrownBy(() -> noKey.load("acc").block(WAIT)).isInstanceOf(CorruptSessionException.class)
            .hasMessageContaining("pending login is encrypted").satisfies(e -> assertThat(e.getMessage())
                .doesNotContain(hash));
        sealed.close().block(WAIT);
        noKey.close().block(WAIT);
    }

    @Test
    void sealedKeysAreNotStoredInClearAndNeedTheirKey() throws SQLException {
        String db = "sealed";
        String url = TestDatabases.h2MemUrl(db);
        R2dbcSessionStore sealed = R2dbcSessionStore.connect(url, cipher(1)).block(WAIT);
        SessionState state = sealed.save("acc", SessionStates.full(7, 3)).block(WAIT);
        List<byte[]> stored = storedKeys(db, "acc");
        assertThat(stored).hasSize(3);
        String hex = HexFormat.of().formatHex(stored.get(0));
        for (int dc = 1; dc <= 3; dc++) {
            byte[] key = state.dc(dc).orElseThrow().authKey().bytes();
            assertThat(hex).doesNotContain(HexFormat.of().formatHex(Arrays.copyOf(key, 8)));
        }
        assertThat(stored.get(0)).hasSize(1 + 12 + 256 + 16);
        assertThat(sealed.load("acc").block(WAIT)).isEqualTo(state);

        R2dbcSessionStore noKey = R2dbcSessionStore.connect(url).block(WAIT);
        assertThatThrownBy(() -> noKey.load("acc").block(WAIT)).isInstanceOf(CorruptSessionException.class)
            .hasMessageContaining("encrypted and this store has no encryption key");
        R2dbcSessionStore wrongKey = R2dbcSessionStore.connect(url, cipher(2)).block(WAIT);
        assertThatThrownBy(() -> wrongKey.load("acc").block(WAIT)).isInstanceOf(CorruptSessionException.class)
            .hasMessageContaining("does not authenticate");
        assertThat(sealed.load("acc").block(WAIT)).isEqualTo(state);

        // a plain store's rows are read by a store with a cipher, and sealed at its next save
        SessionState plain = noKey.save("plain", SessionStates.full(9, 2)).block(WAIT);
        assertThat(sealed.load("plain").block(WAIT)).isEqualTo(plain);
        sealed.save("plain", plain).block(WAIT);
        assertThat(storedKeys(db, "plain").get(0)).hasSize(1 + 12 + 256 + 16);
        sealed.close().block(WAIT);
        noKey.close().block(WAIT);
        wrongKey.close().block(WAIT);
    }

    @Test
    void aSealedKeyMovedToAnotherAccountDoesNotOpen() throws SQLException {
        String db = "moved";
        R2dbcSessionStore store = R2dbcSessionStore.connect(TestDatabases.h2MemUrl(db), cipher(3)).block(WAIT);
        store.save("victim", SessionStates.full(1, 1)).block(WAIT);
        store.save("thief", SessionStates.full(2, 1)).block(WAIT);
        try (Connection c = TestDatabases.h2MemJdbc(db); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE mtflux_dc SET auth_key = (SELECT auth_key FROM mtflux_dc WHERE"
                + " account_id = 'victim') WHERE account_id = 'thief'");
        }
        assertThatThrownBy(() -> store.load("thief").block(WAIT)).isInstanceOf(CorruptSessionException.class);
        store.close().block(WAIT);
    }

    @Test
    void badSettingsAreRefusedAndToStringShowsNoKey() {
        assertThatThrownBy(() -> R2dbcSessionStore.builder(io.r2dbc.spi.ConnectionFactories.get(
            TestDatabases.h2MemUrl("prefix"))).tablePrefix("x; DROP TABLE y"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuthKeyCipher.of(new byte[16])).isInstanceOf(IllegalArgumentException.class);
        R2dbcSessionStore store = R2dbcSessionStore.connect(TestDatabases.h2MemUrl("tostring"), cipher(4))
            .block(WAIT);
        assertThat(store.toString()).isEqualTo("R2dbcSessionStore{database=H2, tables=mtflux_*, encrypted=true}");
        assertThat(cipher(4).toString()).isEqualTo("AuthKeyCipher{AES-256-GCM}");
        store.close().block(WAIT);
    }
}
