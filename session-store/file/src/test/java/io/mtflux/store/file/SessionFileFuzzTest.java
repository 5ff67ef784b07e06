package io.mtflux.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.store.CorruptSessionException;
import io.mtflux.core.store.DcAuth;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.store.SessionState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzz target for session files, plain and encrypted, as {@link FileSessionStore#load} reads them
 * ({@link FileSessionStore#decode}). The first input byte is a mode: bit 0 reads with the store that has a
 * passphrase, bit 1 makes the harness write a valid CRC-32 over the rest first, so the fuzzer gets past the
 * checksum to the header, the Argon2 parameters and the payload. An unreadable file must be a
 * {@link CorruptSessionException}, whatever its header asks for (the stores here allow at most 128 KiB and 2
 * passes, so a crafted header cannot make a run slow); a readable one must be written back identical.
 */
class SessionFileFuzzTest {

    private static final char[] PASSPHRASE = "fuzz passphrase".toCharArray();
    private static final Argon2Params CHEAP = new Argon2Params(64, 1, 1);
    private static final Argon2Params LIMIT = new Argon2Params(128, 2, 2);
    private static final Path DIR = tempDir();
    private static final FileSessionStore PLAIN = FileSessionStore.directory(DIR).argon2Limit(LIMIT).build();
    private static final FileSessionStore ENCRYPTED =
        FileSessionStore.directory(DIR).passphrase(PASSPHRASE).argon2(CHEAP).argon2Limit(LIMIT).build();

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("mtflux-session-file-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "10m")
    void load(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] file = Arrays.copyOfRange(input, 1, input.length);
        if ((input[0] & 2) != 0 && file.length >= 4) {
            CRC32 crc = new CRC32();
            crc.update(file, 0, file.length - 4);
            int v = (int) crc.getValue();
            for (int i = 0; i < 4; i++) {
                file[file.length - 4 + i] = (byte) (v >>> (24 - 8 * i));
            }
        }
        FileSessionStore store = (input[0] & 1) != 0 ? ENCRYPTED : PLAIN;
        SessionState state;
        try {
            state = store.decode("fuzz", file);
        } catch (CorruptSessionException expected) {
            return;
        }
        byte[] again = SessionFile.encode(state.version(), state, null, null);
        assertThat(PLAIN.decode("fuzz", again)).isEqualTo(state);
    }

    /** Files the store writes: plain and encrypted, small and with every optional field. */
    static Stream<byte[]> seeds() {
        byte[] key = new byte[AuthKey.LENGTH];
        Arrays.fill(key, (byte) 5);
        SessionState small = SessionState.initial(2, List.of(DcEndpoint.of(2, "149.154.167.50", 443)))
            .withDc(2, new DcAuth(AuthKey.of(key), Instant.ofEpochSecond(1_700_000_000), 42, 1, true));
        SessionState full = small.withUser(42L, false).withApiCredentials(1234, "0123456789abcdef")
            .withDcOptions(List.of(DcEndpoint.of(2, "149.154.167.50", 443),
                new DcEndpoint(4, "2001:67c:4e8:f004::b", 443, true, true)));
        AtRestKey atRest = AtRestKey.derive(PASSPHRASE, new byte[16], CHEAP);
        byte[] nonce = new byte[12];
        return Stream.of(
            mode(0, SessionFile.encode(1, small, null, null)),
            mode(2, SessionFile.encode(7, full, null, null)),
            mode(1, SessionFile.encode(3, small, atRest, nonce)),
            mode(3, SessionFile.encode(4, full, atRest, nonce)));
    }

    private static byte[] mode(int mode, byte[] file) {
        byte[] out = new byte[file.length + 1];
        out[0] = (byte) mode;
        System.arraycopy(file, 0, out, 1, file.length);
        return out;
    }
}
