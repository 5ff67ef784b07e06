package io.mtflux.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.store.CorruptSessionException;
import io.mtflux.core.store.DcAuth;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.store.SessionState;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crafted session files whose checksum is valid: whatever the header says, loading them is a
 * {@link CorruptSessionException}, never another exception, and no key derivation is tried
 * ({@code SessionFileFuzzTest} looks for more such headers).
 */
class SessionFileHeaderTest {

    private static final char[] PASSPHRASE = "header test".toCharArray();
    /** Offset of the u32 memory KiB in an encrypted file: magic, format, encryption, version, salt. */
    private static final int MEMORY = 4 + 1 + 1 + 8 + 16;

    @TempDir
    Path dir;

    private static SessionState state() {
        byte[] key = new byte[AuthKey.LENGTH];
        Arrays.fill(key, (byte) 3);
        return SessionState.initial(2, List.of(DcEndpoint.of(2, "149.154.167.50", 443)))
            .withDc(2, new DcAuth(AuthKey.of(key), Instant.EPOCH, 1, 0, true));
    }

    /** An encrypted file whose header names {@code params}, under a key nobody derived (the load must not try). */
    private static byte[] encryptedFile(Argon2Params params) {
        return SessionFile.encode(1, state(), new AtRestKey(new byte[16], params, new byte[32]), new byte[12]);
    }

    private static byte[] withCrc(byte[] file) {
        CRC32 crc = new CRC32();
        crc.update(file, 0, file.length - 4);
        ByteBuffer.wrap(file).putInt(file.length - 4, (int) crc.getValue());
        return file;
    }

    private SessionState load(FileSessionStore store, byte[] file) throws Exception {
        Files.write(store.pathOf("a"), file);
        return store.load("a").block();
    }

    @Test
    void argon2ParametersAboveTheLimitAreRefusedBeforeAnyDerivation() {
        FileSessionStore store = FileSessionStore.directory(dir).passphrase(PASSPHRASE).build();
        // 4 GiB and 255 passes: a valid Argon2 setting that would take minutes and all the memory to derive
        byte[] file = encryptedFile(new Argon2Params(4 * 1024 * 1024, 255, 1));
        assertThatThrownBy(() -> load(store, file))
            .isInstanceOf(CorruptSessionException.class)
            .hasMessageContaining("above this store's limit");
        // each parameter is bounded on its own
        assertThatThrownBy(() -> load(store, encryptedFile(new Argon2Params(64, 11, 1))))
            .isInstanceOf(CorruptSessionException.class).hasMessageContaining("11 passes");
        assertThatThrownBy(() -> load(store, encryptedFile(new Argon2Params(512 * 1024, 1, 1))))
            .isInstanceOf(CorruptSessionException.class).hasMessageContaining("524288 KiB");
    }

    @Test
    void aLimitCanBeRaisedAndCoversTheStoresOwnSetting() throws Exception {
        Argon2Params own = new Argon2Params(64, 12, 1);
        FileSessionStore store = FileSessionStore.directory(dir).passphrase(PASSPHRASE).argon2(own).build();
        SessionState saved = store.save("a", state()).block();
        assertThat(store.load("a").block()).isEqualTo(saved);
        FileSessionStore strict = FileSessionStore.directory(dir).passphrase(PASSPHRASE)
            .argon2Limit(new Argon2Params(64, 2, 1)).build();
        assertThatThrownBy(() -> strict.load("a").block()).isInstanceOf(CorruptSessionException.class);
    }

    @Test
    void crcValidHeaderWithArgon2ParametersOutOfRangeIsCorrupt() {
        FileSessionStore store = FileSessionStore.directory(dir).passphrase(PASSPHRASE).build();
        byte[] zeroPasses = encryptedFile(new Argon2Params(64, 1, 1));
        zeroPasses[MEMORY + 4] = 0;
        byte[] tooLittleMemory = encryptedFile(new Argon2Params(64, 1, 1));
        ByteBuffer.wrap(tooLittleMemory).putInt(MEMORY, 1);
        byte[] negativeMemory = encryptedFile(new Argon2Params(64, 1, 1));
        ByteBuffer.wrap(negativeMemory).putInt(MEMORY, -1);
        for (byte[] file : List.of(zeroPasses, tooLittleMemory, negativeMemory)) {
            assertThatThrownBy(() -> load(store, withCrc(file)))
                .isInstanceOf(CorruptSessionException.class)
                .hasMessageContaining("Argon2 parameters out of range");
        }
    }

    @Test
    void crcValidHeaderWithANegativeVersionIsCorrupt() {
        FileSessionStore store = FileSessionStore.directory(dir).build();
        byte[] file = SessionFile.encode(1, state(), null, null);
        ByteBuffer.wrap(file).putLong(6, -5);
        assertThatThrownBy(() -> load(store, withCrc(file)))
            .isInstanceOf(CorruptSessionException.class)
            .hasMessageContaining("negative store version");
        // a save over it refuses too, instead of failing some other way
        assertThatThrownBy(() -> store.save("a", state()).block()).isInstanceOf(CorruptSessionException.class);
    }

    @Test
    void encryptedPayloadShorterThanItsTagIsCorrupt() throws Exception {
        // found by SessionFileFuzzTest (its input is kept as encrypted-payload-shorter-than-tag): the JDK's GCM
        // threw a ProviderException for it
        FileSessionStore store = FileSessionStore.directory(dir).passphrase(PASSPHRASE)
            .argon2(new Argon2Params(64, 1, 1)).build();
        SessionState saved = store.save("a", state()).block();
        byte[] file = Files.readAllBytes(store.pathOf("a"));
        int header = MEMORY + 4 + 1 + 1 + 12;
        for (int length : new int[] {0, 1, 15}) {
            ByteBuffer cut = ByteBuffer.allocate(header + 4 + length + 4);
            cut.put(file, 0, header).putInt(length).put(file, header + 4, length);
            assertThatThrownBy(() -> load(store, withCrc(cut.array())))
                .isInstanceOf(CorruptSessionException.class)
                .hasMessageContaining("shorter than its tag");
        }
        assertThat(load(store, file)).isEqualTo(saved);
    }
}
