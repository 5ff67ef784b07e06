package io.mtflux.store.file;

import io.mtflux.core.store.SessionStore;
import io.mtflux.store.contract.SessionStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The contract kit against the file store, plain and encrypted. */
class FileSessionStoreContractTest extends SessionStoreContract {
    @TempDir
    Path dir;

    @Override
    protected SessionStore newStore() {
        return FileSessionStore.directory(dir).build();
    }

    /** Another instance on the same directory, as a second process would open it. */
    @Override
    protected SessionStore sameBackend(SessionStore first) {
        return newStore();
    }

    @Override
    protected boolean leasesExpire() {
        return false;
    }

    @Override
    protected void corrupt(SessionStore s, String accountId) throws Exception {
        Path file = ((FileSessionStore) s).pathOf(accountId);
        byte[] data = Files.readAllBytes(file);
        data[data.length / 2] ^= 0x40;
        Files.write(file, data);
    }

    @Override
    protected Object rawStoredData(SessionStore s, String accountId) throws Exception {
        return Files.readAllBytes(((FileSessionStore) s).pathOf(accountId));
    }

    /** The same, with encryption at rest (cheap Argon2 parameters to keep the run short). */
    @Nested
    class Encrypted extends SessionStoreContract {
        @Override
        protected SessionStore newStore() {
            return FileSessionStore.directory(dir).passphrase("correct horse".toCharArray())
                .argon2(new Argon2Params(1024, 1, 1)).build();
        }

        @Override
        protected SessionStore sameBackend(SessionStore first) {
            return newStore();
        }

        @Override
        protected boolean leasesExpire() {
            return false;
        }

        @Override
        protected void corrupt(SessionStore s, String accountId) throws Exception {
            FileSessionStoreContractTest.this.corrupt(s, accountId);
        }

        @Override
        protected Object rawStoredData(SessionStore s, String accountId) throws Exception {
            return FileSessionStoreContractTest.this.rawStoredData(s, accountId);
        }
    }
}
