package io.mtflux.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.crypto.RsaPem;
import io.mtflux.testkit.TestBot;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.Testkit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --session}: a file or a string keeps the login, and the next run is logged in without a login. */
class LoginCliSessionTest {
    private static TestCluster cluster;
    private static Path keyFile;

    @TempDir
    Path dir;

    @BeforeAll
    static void start(@TempDir Path keys) throws IOException {
        cluster = Testkit.cluster().dcs(3)
            .bot(TestBot.of("800002:AAE-session-bot").dc(3).name("SessionBot"))
            .start().block(Duration.ofSeconds(60));
        keyFile = keys.resolve("server.pem");
        Files.writeString(keyFile, RsaPem.writePublicKey(cluster.rsaKey().publicKey()));
    }

    @AfterAll
    static void stop() {
        cluster.stop().block(Duration.ofSeconds(30));
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result cli(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
            "--api-id", "1", "--api-hash", "0123456789abcdef0123456789abcdef",
            "--server", "127.0.0.1:" + cluster.dc(3).port(), "--dc-id", "3",
            "--rsa-public-key", keyFile.toString(), "--json"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(CliProcess.command(LoginCli.class, command));
        builder.environment().remove("MTFLUX_SESSION_PASSPHRASE");
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(),
            new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
            new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void aSessionFileKeepsTheLoginForTheNextRun() throws Exception {
        Path file = dir.resolve("bot.session");
        Map<String, String> env = Map.of("MTFLUX_SESSION_PASSPHRASE", "pass phrase");
        Result first = cli(env, "--bot-token", "800002:AAE-session-bot", "--session", file.toString());
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("session file: " + file).contains("\"bot\":true");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        // no token, no phone, no terminal: only the stored session can log this run in
        Result second = cli(env, "--session", file.toString());
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).contains("logged in as bot").contains("\"dc\":3");
        Result wrong = cli(Map.of("MTFLUX_SESSION_PASSPHRASE", "wrong"), "--session", file.toString());
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.err()).contains("CorruptSessionException").doesNotContain("pass phrase");
    }

    @Test
    void stringPrintsTheStringSessionAndAStringStartsTheNextRun() throws Exception {
        Result first = cli(Map.of(), "--bot-token", "800002:AAE-session-bot", "--session", "string:");
        assertThat(first.exit()).as(first.err()).isZero();
        String line = first.out().lines().filter(l -> l.startsWith("session string: ")).findFirst().orElseThrow();
        String text = line.substring("session string: ".length());
        assertThat(text).startsWith("mtf1.");
        Result second = cli(Map.of(), "--session", "string:" + text);
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).contains("logged in as bot").contains("\"dc\":3");
        Result bad = cli(Map.of(), "--session", "string:" + text.substring(0, 60));
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--session string: mtflux string session: truncated");
    }

    @Test
    void anH2DatabaseUrlKeepsTheLoginForTheNextRunWithSealedKeys() throws Exception {
        String url = "r2dbc:h2:file:///" + dir.resolve("sessions");
        Map<String, String> env = Map.of("MTFLUX_SESSION_KEY", "00112233445566778899aabbccddeeff"
            + "00112233445566778899aabbccddeeff");
        Result first = cli(env, "--bot-token", "800002:AAE-session-bot", "--session", url);
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("session database: " + url).contains("\"bot\":true");
        Result second = cli(env, "--session", url);
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).contains("logged in as bot").contains("\"dc\":3");
        Result badKey = cli(Map.of("MTFLUX_SESSION_KEY", "abc"), "--session", url);
        assertThat(badKey.exit()).isEqualTo(2);
        assertThat(badKey.err()).contains("MTFLUX_SESSION_KEY must be 64 hex digits");
    }

    @Test
    void accountNamesOneOfManyAccountsInAStoreOrADirectory() throws Exception {
        String url = "r2dbc:h2:file:///" + dir.resolve("shared");
        Result a1 = cli(Map.of(), "--bot-token", "800002:AAE-session-bot", "--session", url, "--account", "a1");
        assertThat(a1.exit()).as(a1.err()).isZero();
        // another account of the same store has no session: with nothing to log in with, the login fails
        Result a2 = cli(Map.of(), "--session", url, "--account", "a2");
        assertThat(a2.exit()).isEqualTo(1);
        assertThat(a2.err()).contains("LoginPromptEmptyException");
        Result again = cli(Map.of(), "--session", url, "--account", "a1");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("logged in as bot").contains("\"dc\":3");

        Path sessions = Files.createDirectories(dir.resolve("sessions-dir"));
        Result inDir = cli(Map.of(), "--bot-token", "800002:AAE-session-bot", "--session", sessions.toString(),
            "--account", "b1");
        assertThat(inDir.exit()).as(inDir.err()).isZero();
        assertThat(inDir.out()).contains("session directory: " + sessions + " (account b1)");
        assertThat(sessions.resolve("b1.session")).exists();
        Result fromDir = cli(Map.of(), "--session", sessions.toString(), "--account", "b1");
        assertThat(fromDir.exit()).as(fromDir.err()).isZero();
    }

    @Test
    void aBadAccountOrOneWithoutASessionIsAUsageError() throws Exception {
        Result bad = cli(Map.of(), "--session", dir.toString(), "--account", "../etc");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--account must be 1 to 64 letters");
        Result alone = cli(Map.of(), "--account", "a1");
        assertThat(alone.exit()).isEqualTo(2);
        assertThat(alone.err()).contains("give --session too");
    }
}
