package io.mtflux.store.r2dbc;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.store.CorruptSessionException;
import io.mtflux.core.store.codec.AuthKeyCipher;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz target for the mapping of an account's rows (the account row joined with its DC rows, as
 * {@link R2dbcSessionStore#load} reads them) to a session state ({@link R2dbcSessionStore#decode}), without a
 * database. The rows keep what the schema guarantees (NOT NULL columns are never null; an account without DC rows
 * has one row whose DC columns are all null); every value is the fuzzer's. Anything but a state or a
 * {@link CorruptSessionException} is a finding.
 */
class R2dbcRowsFuzzTest {

    private static final AuthKeyCipher CIPHER = AuthKeyCipher.of(new byte[AuthKeyCipher.KEY_LENGTH]);

    @FuzzTest(maxDuration = "10m")
    void rows(FuzzedDataProvider data) {
        AuthKeyCipher cipher = data.consumeBoolean() ? CIPHER : null;
        long version = data.consumeBoolean() ? 1 + data.consumeInt(0, 100) : data.consumeLong();
        int home = data.consumeBoolean() ? data.consumeInt(1, 5) : data.consumeInt();
        Long user = data.consumeBoolean() ? null : data.consumeLong();
        boolean bot = data.consumeBoolean();
        Integer apiId = data.consumeBoolean() ? null : data.consumeInt();
        int dcRows = data.consumeInt(0, 4);
        String dcOptions = data.consumeBoolean() ? "2:149.154.167.50:443" : data.consumeString(200);
        String updates = data.consumeBoolean() ? "" : data.consumeString(60);
        String apiHash = data.consumeBoolean() ? null : data.consumeString(120);
        String pending = data.consumeBoolean() ? null : data.consumeString(300);
        List<R2dbcSessionStore.Raw> rows = new ArrayList<>();
        if (dcRows == 0) {
            rows.add(new R2dbcSessionStore.Raw(version, home, user, bot, dcOptions, updates, apiId, apiHash, null,
                null, null, null, null, null, null, null, pending));
        }
        for (int i = 0; i < dcRows; i++) {
            int dcId = data.consumeBoolean() ? i + 1 : data.consumeInt();
            int format = data.consumeInt(-1, 2);
            byte[] key = data.consumeBoolean() ? new byte[AuthKey.LENGTH] : data.consumeBytes(300);
            if (key.length == AuthKey.LENGTH && format == 1) {
                key = CIPHER.seal(key, AuthKeyCipher.context("fuzz", dcId));
            }
            rows.add(new R2dbcSessionStore.Raw(version, home, user, bot, dcOptions, updates, apiId, apiHash, dcId,
                key, format, data.consumeLong(), data.consumeInt(), data.consumeLong(), data.consumeLong(),
                data.consumeBoolean(), pending));
        }
        try {
            R2dbcSessionStore.decode("fuzz", rows, cipher);
        } catch (CorruptSessionException expected) {
            // unreadable rows
        }
    }
}
