package io.mtflux.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mtflux.core.crypto.RsaPem;
import io.mtflux.core.store.SessionState;
import io.mtflux.store.file.FileSessionStore;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import io.mtflux.testservers.TestServers;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console CLI as a process against a testkit cluster started here ({@code --server}, {@code --dc-id} and
 * {@code --rsa-public-key} as a person would pass them): the first line, logins through the REST API with the
 * bearer token (each step a request), the end of stdin and SIGTERM stop it cleanly with exit 0, a restart on the
 * same store finds the login, bad flags exit 2, a store that cannot be opened exits 1, and no secret reaches its
 * output.
 */
class ConsoleCliProcessTest {
    private static final String HASH = "0123456789abcdef0123456789abcdef";
    private static final String CODE = "24680";
    private static final String PLAIN = "+15550410001";
    private static final String TWO_FA = "+15550410002";
    private static final String PASSWORD = "pw-forty-two";
    private static final String HINT = "forty two";
    private static final String TOKEN = "fixed-console-token-of-the-test";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static TestCluster cluster;
    private static Path keyFile;

    @TempDir
    Path dir;
    private final List<CliProcess> started = new ArrayList<>();

    @BeforeAll
    static void start(@TempDir Path keys) throws Exception {
        cluster = Testkit.cluster().dcs(3)
            .user(TestUser.of(PLAIN).dc(3).name("Web", "Plain").code(CODE))
            .user(TestUser.of(TWO_FA).dc(2).name("Web", "Tfa").code(CODE).password(PASSWORD, HINT))
            .start().block(WAIT);
        keyFile = keys.resolve("server.pem");
        Files.writeString(keyFile, RsaPem.writePublicKey(cluster.rsaKey().publicKey()));
    }

    @AfterAll
    static void stop() {
        cluster.stop().block(WAIT);
    }

    @AfterEach
    void destroyLeftovers() {
        started.forEach(CliProcess::destroy);
    }

    /** The console CLI on DC 2 of the cluster, with {@code more} flags. */
    private CliProcess console(String name, String... more) throws Exception {
        int port = cluster.endpoints().stream().filter(e -> e.dcId() == 2).findFirst().orElseThrow().port();
        List<String> args = new ArrayList<>(List.of("--server", "127.0.0.1:" + port, "--dc-id", "2",
            "--rsa-public-key", keyFile.toString(), "--api-id", "1", "--api-hash", HASH));
        args.addAll(Arrays.asList(more));
        return started(CliProcess.start(name, dir, ConsoleCli.class, args, line -> { }));
    }

    private CliProcess raw(String name, String... args) throws Exception {
        CliProcess p = started(CliProcess.start(name, dir, ConsoleCli.class, List.of(args), line -> { }));
        p.closeStdin();
        return p;
    }

    private CliProcess started(CliProcess p) {
        started.add(p);
        return p;
    }

    private static long userId(String phone) {
        return cluster.user(phone).orElseThrow().id();
    }

    /** A phone login of {@code account}: send-code, then sign-in, each a request of its own. */
    private static JsonNode phoneLogin(ConsoleHttp console, String account, String phone) throws Exception {
        ConsoleHttp.Answer sent = console.post("/api/accounts/" + account + "/send-code",
            "{\"phone\":\"" + phone + "\"}");
        assertThat(sent.status()).as(sent.text()).isEqualTo(200);
        assertThat(sent.json().path("step").asText()).isEqualTo("CODE");
        assertThat(sent.json().path("codeLength").asInt()).isEqualTo(CODE.length());
        assertThat(sent.text()).doesNotContainIgnoringCase("hash");
        return console.post("/api/accounts/" + account + "/sign-in", "{\"code\":\"" + CODE + "\"}").json();
    }

    @Test
    void restLoginsWithTheBearerTokenThenTheEndOfStdinStopsIt() throws Exception {
        CliProcess cli = console("rest");
        ConsoleHttp console = ConsoleHttp.of(cli);
        assertThat(console.token).hasSizeGreaterThanOrEqualTo(16);

        // without the token: 401, nothing served
        ConsoleHttp.Answer anonymous = console.bare("/api/accounts/web1");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().path("error").asText()).isEqualTo("UNAUTHORIZED");

        // a wrong code first, then the right one (web1 is new: the console adds it with the CLI's credentials)
        ConsoleHttp.Answer sent = console.post("/api/accounts/web1/send-code", "{\"phone\":\"" + PLAIN + "\"}");
        assertThat(sent.status()).as(sent.text()).isEqualTo(200);
        assertThat(sent.json().path("step").asText()).isEqualTo("CODE");
        ConsoleHttp.Answer wrong = console.post("/api/accounts/web1/sign-in", "{\"code\":\"00000\"}");
        assertThat(wrong.status()).as(wrong.text()).isEqualTo(400);
        assertThat(wrong.json().path("error").asText()).isEqualTo("PHONE_CODE_INVALID");
        assertThat(wrong.json().path("attemptsLeft").asInt()).isPositive();
        ConsoleHttp.Answer in = console.post("/api/accounts/web1/sign-in", "{\"code\":\"" + CODE + "\"}");
        assertThat(in.status()).as(in.text()).isEqualTo(200);
        assertThat(in.json().path("step").asText()).isEqualTo("AUTHORIZED");
        assertThat(in.json().path("userId").asLong()).isEqualTo(userId(PLAIN));
        ConsoleHttp.Answer account = console.get("/api/accounts/web1");
        assertThat(account.status()).as(account.text()).isEqualTo(200);
        assertThat(account.json().path("account").path("state").asText()).isEqualTo("AUTHORIZED");
        // PLAIN lives on DC 3: the login followed PHONE_MIGRATE from DC 2
        assertThat(account.json().path("account").path("homeDc").asInt()).isEqualTo(3);
        assertThat(account.json().path("login").path("step").asText()).isEqualTo("AUTHORIZED");

        // 2FA: sign-in answers 401 SESSION_PASSWORD_NEEDED with the hint, then the password
        ConsoleHttp.Answer sent2 = console.post("/api/accounts/web2/send-code", "{\"phone\":\"" + TWO_FA + "\"}");
        assertThat(sent2.status()).as(sent2.text()).isEqualTo(200);
        ConsoleHttp.Answer needed = console.post("/api/accounts/web2/sign-in", "{\"code\":\"" + CODE + "\"}");
        assertThat(needed.status()).as(needed.text()).isEqualTo(401);
        assertThat(needed.json().path("error").asText()).isEqualTo("SESSION_PASSWORD_NEEDED");
        assertThat(needed.json().path("status").path("step").asText()).isEqualTo("PASSWORD");
        assertThat(needed.json().path("status").path("passwordHint").asText()).isEqualTo(HINT);
        ConsoleHttp.Answer checked = console.post("/api/accounts/web2/check-password",
            "{\"password\":\"" + PASSWORD + "\"}");
        assertThat(checked.status()).as(checked.text()).isEqualTo(200);
        assertThat(checked.json().path("step").asText()).isEqualTo("AUTHORIZED");
        assertThat(checked.json().path("userId").asLong()).isEqualTo(userId(TWO_FA));

        ConsoleHttp.Answer all = console.get("/api/accounts");
        assertThat(all.status()).isEqualTo(200);
        Map<String, String> states = new LinkedHashMap<>();
        all.json().forEach(s -> states.put(s.path("accountId").asText(), s.path("state").asText()));
        assertThat(states).containsEntry("web1", "AUTHORIZED").containsEntry("web2", "AUTHORIZED");

        cli.closeStdin();
        assertThat(cli.awaitExit(WAIT)).as(cli.stderr()).isZero();
        assertThat(cli.lines).as("stdout: the console line alone").hasSize(1);
        assertThat(cli.stderr()).contains("mtflux-console: stopping (stdin closed)").contains("mtflux-console: stopped")
            .doesNotContain(console.token).doesNotContain(HASH).doesNotContain(PASSWORD).doesNotContain(CODE);
    }

    @Test
    void sigtermStopsItAndARestartOnTheSameStoreFindsTheLogin() throws Exception {
        Path store = Files.createDirectories(dir.resolve("sessions"));
        int port = TestServers.freePort();
        CliProcess cli = console("termed", "--store", store.toString(), "--port", Integer.toString(port), "--token",
            TOKEN);
        ConsoleHttp console = ConsoleHttp.of(cli);
        assertThat(cli.lines.get(0).raw()).isEqualTo("console: http://127.0.0.1:" + port + "/?token=" + TOKEN);
        JsonNode in = phoneLogin(console, "kept", PLAIN);
        assertThat(in.path("step").asText()).as(in.toString()).isEqualTo("AUTHORIZED");

        cli.term();
        assertThat(cli.awaitExit(WAIT)).as(cli.stderr()).isZero();
        assertThat(cli.stderr()).contains("stopping (the JVM is shutting down (SIGTERM))")
            .contains("mtflux-console: stopped").doesNotContain(TOKEN).doesNotContain(HASH);
        SessionState saved = FileSessionStore.directory(store).build().load("kept").block(WAIT);
        assertThat(saved.userId()).isEqualTo(userId(PLAIN));
        assertThat(saved.homeDc()).isEqualTo(3);

        // the next run serves the stored account: authorized without a login (its lock was released)
        CliProcess again = console("again", "--store", store.toString(), "--token", TOKEN);
        ConsoleHttp second = ConsoleHttp.of(again);
        long deadline = System.nanoTime() + WAIT.toNanos();
        String state = null;
        while (System.nanoTime() < deadline) {
            ConsoleHttp.Answer a = second.get("/api/accounts/kept");
            state = a.status() == 200 ? a.json().path("account").path("state").asText() : a.text();
            if ("AUTHORIZED".equals(state)) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(state).as(again.stderr()).isEqualTo("AUTHORIZED");
        again.closeStdin();
        assertThat(again.awaitExit(WAIT)).as(again.stderr()).isZero();
    }

    @Test
    void badFlagsExitWith2AndTheUsage() throws Exception {
        Map<String, CliProcess> runs = new LinkedHashMap<>();
        runs.put("--api-id and --api-hash (or MTFLUX_API_ID and MTFLUX_API_HASH) are required", raw("none"));
        runs.put("unknown flag --bogus", raw("flag", "--api-id", "1", "--api-hash", HASH, "--bogus"));
        runs.put("--port must be 0..65535", raw("port", "--api-id", "1", "--api-hash", HASH, "--port", "65536"));
        runs.put("--token needs at least 16 characters", raw("token", "--api-id", "1", "--api-hash", HASH,
            "--token", "short"));
        runs.put("--server: expected HOST:PORT", raw("server", "--api-id", "1", "--api-hash", HASH, "--server", "x"));
        runs.put("--store must be a directory, an r2dbc: URL or a redis:// URL", raw("string", "--api-id", "1",
            "--api-hash", HASH, "--store", "string:"));
        for (Map.Entry<String, CliProcess> run : runs.entrySet()) {
            CliProcess p = run.getValue();
            assertThat(p.awaitExit(WAIT)).as(run.getKey()).isEqualTo(2);
            assertThat(p.stderr()).contains("mtflux-console: " + run.getKey()).contains("usage: mtflux-console")
                .doesNotContain(HASH);
            assertThat(p.lines).as("nothing on stdout").isEmpty();
        }
    }

    @Test
    void aPortInUseExitsWith1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliProcess busy = raw("busy", "--api-id", "1", "--api-hash", HASH, "--port",
                Integer.toString(taken.getLocalPort()));
            assertThat(busy.awaitExit(WAIT)).as(busy.stderr()).isEqualTo(1);
            assertThat(busy.stderr()).contains("mtflux-console: ").contains("mtflux-console: stopped")
                .doesNotContain(HASH);
            assertThat(busy.lines).as("no console line").isEmpty();
        }
    }

    @Test
    void aStoreThatCannotBeOpenedExitsWith1() throws Exception {
        CliProcess missing = raw("missing", "--api-id", "1", "--api-hash", HASH, "--store",
            dir.resolve("nowhere").toString());
        CliProcess closed = raw("closed", "--api-id", "1", "--api-hash", HASH, "--store",
            "redis://:secret@127.0.0.1:" + TestServers.freePort());
        assertThat(missing.awaitExit(WAIT)).isEqualTo(1);
        assertThat(missing.stderr()).contains("mtflux-console: cannot open the store: --store "
            + dir.resolve("nowhere") + ": no such directory");
        assertThat(closed.awaitExit(WAIT)).isEqualTo(1);
        assertThat(closed.stderr()).contains("mtflux-console: cannot open the store: --store redis://127.0.0.1:")
            .doesNotContain("secret");
        assertThat(missing.lines).isEmpty();
        assertThat(closed.lines).isEmpty();
    }
}
