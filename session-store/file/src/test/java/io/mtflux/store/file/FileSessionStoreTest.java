package io.mtflux.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.core.store.AccountListingUnsupportedException;
import io.mtflux.core.store.CorruptSessionException;
import io.mtflux.core.store.SessionState;
import io.mtflux.store.contract.SessionStates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSessionStoreTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Argon2Params CHEAP = new Argon2Params(1024, 1, 1);

    @TempDir
    Path dir;

    @Test
    void filesAreCreatedOwnerOnlyAndNoTemporaryFileRemains() throws Exception {
        Path sessions = dir.resolve("sessions");
        FileSessionStore store = FileSessionStore.directory(sessions).build();
        SessionState v1 = store.save("alice", SessionStates.full(1, 3)).block(WAIT);
        store.save("alice", v1.withHomeDc(1)).block(WAIT);
        Path file = store.pathOf("alice");
        assertThat(file).isEqualTo(sessions.resolve("alice.session"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sessions))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(sessions)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("alice.session", "alice.session.lock");
        }
    }

    @Test
    void theListingIgnoresTemporaryLockLeaseAndStrayFiles() throws Exception {
        FileSessionStore store = FileSessionStore.directory(dir).build();
        assertThat(FileSessionStore.directory(dir.resolve("missing")).build().accountIds().collectList().block(WAIT))
            .isEmpty();
        store.save("alice", SessionStates.minimal(2)).block(WAIT);
        store.save("+1 555", SessionStates.minimal(2)).block(WAIT);
        store.acquire("bob", "me", Duration.ofSeconds(30)).block(WAIT);
        Files.write(dir.resolve(".alice.session.0a1b2c3d4e5f.tmp"), new byte[] {1});
        Files.write(dir.resolve(".hidden.session"), new byte[] {1});
        Files.write(dir.resolve("bad%zz.session"), new byte[] {1});
        Files.write(dir.resolve("notes.txt"), new byte[] {1});
        Files.createDirectory(dir.resolve("dir.session"));
        assertThat(store.accountIds().collectList().block(WAIT)).containsExactlyInAnyOrder("alice", "+1 555");
        assertThat(FileSessionStore.accountIdOf("%2E.%2Fetc%2Fpasswd.session")).isEqualTo("../etc/passwd");
        assertThat(FileSessionStore.accountIdOf("%c3%a4.session")).isNull();
        assertThat(FileSessionStore.accountIdOf("%C3%A4.session")).isEqualTo("ä");
    }

    @Test
    void aSingleFileStoreCannotList() {
        FileSessionStore store = FileSessionStore.file(dir.resolve("one.session")).build();
        assertThatThrownBy(() -> store.accountIds().collectList().block(WAIT))
            .isInstanceOf(AccountListingUnsupportedException.class).hasMessageContaining("one file");
    }

    @Test
    void accountIdsBecomeSafeFileNames() {
        assertThat(FileSessionStore.fileName("bot-1_a.b")).isEqualTo("bot-1_a.b");
        assertThat(FileSessionStore.fileName("../etc/passwd")).isEqualTo("%2E.%2Fetc%2Fpasswd");
        assertThat(FileSessionStore.fileName("+1 555")).isEqualTo("%2B1%20555");
        assertThat(FileSessionStore.fileName("ä")).isEqualTo("%C3%A4");
        assertThatThrownBy(() -> FileSessionStore.fileName("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encryptedFilesHoldNoKeyInTheClearAndNeedTheRightPassphrase() throws Exception {
        FileSessionStore store = FileSessionStore.directory(dir).passphrase("s3cret".toCharArray()).argon2(CHEAP)
            .build();
        SessionState saved = store.save("a", SessionStates.full(2, 2)).block(WAIT);
        byte[] file = Files.readAllBytes(store.pathOf("a"));
        String hex = HexFormat.of().formatHex(file);
        saved.dcs().values().forEach(auth ->
            assertThat(hex).doesNotContain(HexFormat.of().formatHex(auth.authKey().bytes()).substring(0, 32)));
        assertThat(FileSessionStore.directory(dir).passphrase("s3cret".toCharArray()).build().load("a").block(WAIT))
            .isEqualTo(saved);
        assertThatThrownBy(() -> FileSessionStore.directory(dir).passphrase("wrong".toCharArray()).build()
            .load("a").block(WAIT)).isInstanceOf(CorruptSessionException.class)
            .hasMessageContaining("wrong passphrase or a damaged file").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> FileSessionStore.directory(dir).build().load("a").block(WAIT))
            .isInstanceOf(CorruptSessionException.class).hasMessageContaining("no passphrase");
        assertThat(store.toString()).doesNotContain("s3cret").contains("encrypted=true");
    }

    @Test
    void aPlainFileIsReadWithAPassphraseAndEncryptedOnTheNextSave() throws Exception {
        SessionState v1 = FileSessionStore.directory(dir).build().save("a", SessionStates.full(3, 1)).block(WAIT);
        FileSessionStore encrypted = FileSessionStore.directory(dir).passphrase("pw".toCharArray()).argon2(CHEAP)
            .build();
        assertThat(encrypted.load("a").block(WAIT)).isEqualTo(v1);
        SessionState v2 = encrypted.save("a", v1.withHomeDc(1)).block(WAIT);
        assertThat(Files.readAllBytes(encrypted.pathOf("a"))[5]).isEqualTo((byte) SessionFile.AES_GCM);
        assertThat(encrypted.load("a").block(WAIT)).isEqualTo(v2);
    }

    @Test
    void theDefaultArgon2CostWorks() {
        FileSessionStore store = FileSessionStore.directory(dir).passphrase("pw".toCharArray()).build();
        SessionState saved = store.save("a", SessionStates.full(4, 2)).block(WAIT);
        assertThat(FileSessionStore.directory(dir).passphrase("pw".toCharArray()).build().load("a").block(WAIT))
            .isEqualTo(saved);
    }

    @Test
    void aSingleFileStoreKeepsItsOneAccountInThatFile() {
        Path file = dir.resolve("bot.session");
        FileSessionStore store = FileSessionStore.file(file).build();
        SessionState saved = store.save("default", SessionStates.full(5, 2)).block(WAIT);
        assertThat(Files.exists(file)).isTrue();
        assertThat(FileSessionStore.file(file).build().load("whatever").block(WAIT)).isEqualTo(saved);
    }

    @Test
    void truncatedAndForeignFilesAreTypedErrorsAndAreNotOverwritten() throws Exception {
        FileSessionStore store = FileSessionStore.directory(dir).build();
        SessionState saved = store.save("a", SessionStates.full(6, 2)).block(WAIT);
        Path file = store.pathOf("a");
        byte[] data = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(data, data.length - 10));
        assertThatThrownBy(() -> store.load("a").block(WAIT)).isInstanceOf(CorruptSessionException.class)
            .hasMessageContaining("checksum mismatch");
        assertThatThrownBy(() -> store.save("a", saved).block(WAIT)).isInstanceOf(CorruptSessionException.class)
            .hasMessageContaining("not overwritten");
        assertThat(Files.readAllBytes(file)).hasSize(data.length - 10);
        Files.writeString(file, "{\"json\": true}");
        assertThatThrownBy(() -> store.load("a").block(WAIT)).isInstanceOf(CorruptSessionException.class)
            .hasMessageContaining("bad magic");
        Files.write(file, new byte[3]);
        assertThatThrownBy(() -> store.load("a").block(WAIT)).hasMessageContaining("truncated");
    }
}
