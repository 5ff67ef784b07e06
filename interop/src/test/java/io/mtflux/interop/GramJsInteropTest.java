package io.mtflux.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.store.importers.ForeignSessions;
import io.mtflux.core.store.importers.ImportedSession;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.InputUserSelf;
import io.mtflux.core.tl.api.User;
import io.mtflux.core.tl.api.users.UsersGetUsers;
import io.mtflux.testkit.LoginLimits;
import io.mtflux.testkit.TestBot;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import io.mtflux.testkit.TestkitExtension;
import io.mtflux.testkit.api.Account;
import io.mtflux.testsupport.Apt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GramJS ({@code telegram} 2.26.22 from npm, layer 198) logs in to a 4-DC testkit cluster, once per scenario and
 * GramJS transport: {@code interop/gramjs-login.js} runs in Node, fed the cluster line and the login codes the
 * cluster sends (never guessed), and prints one JSON result line that this test checks against the cluster. The
 * transports are GramJS's three TCP connections and {@code useWSS}: its WebSocket socket with its obfuscated
 * connection, as its browser builds use it, over {@code ws://} and {@code wss://} (the cluster's self-signed
 * certificate, which Node trusts through {@code NODE_EXTRA_CA_CERTS}) on the DCs' TCP ports.
 */
class GramJsInteropTest {
    /** GramJS transports: a connection class, over TCP or ({@code ws}, {@code wss}) over WebSocket. */
    static final List<String> CONNECTIONS = List.of("full", "abridged", "obfuscated", "ws", "wss");
    static final List<String> SCENARIOS = List.of("signup", "login", "2fa", "wrong-code", "bot", "migrate", "resume");
    static final String PASSWORD = "correct horse";
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(70);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(accounts(Testkit.cluster().dcs(4).selfSignedTls())
        // sign-ups land on the start DC: the migration scenario is the one that migrates
        .newAccountDc(digits -> 2)
        .limits(LoginLimits.defaults()));

    private static final Map<String, CompletableFuture<Outcome>> RUNS = new ConcurrentHashMap<>();
    private static NodeProject project;
    private static ExecutorService pool;

    /** Per GramJS transport (index c = 1..3) its own accounts, so that no run sees another's codes or limits. */
    private static TestCluster.Builder accounts(TestCluster.Builder builder) {
        for (int c = 1; c <= CONNECTIONS.size(); c++) {
            builder.user(TestUser.of(phone(c, "login")).dc(2).name("Ann", "Lee"),
                TestUser.of(phone(c, "2fa")).dc(2).name("Bob", "Stone").password(PASSWORD, "horse"),
                TestUser.of(phone(c, "wrong-code")).dc(2).name("Cy", "Ng"),
                TestUser.of(phone(c, "migrate")).dc(4).name("Di", "Ox"),
                TestUser.of(phone(c, "resume")).dc(4).name("Eve", "Ray"))
                .bot(TestBot.of(botToken(c)).dc(2).name("Helper " + c));
        }
        return builder;
    }

    static String phone(int connection, String scenario) {
        return "+1 555 07" + connection + " 000" + (1 + SCENARIOS.indexOf(scenario));
    }

    static String botToken(int connection) {
        return (700000 + connection) + ":AAE-interop-secret-" + connection;
    }

    /** One script run: its result line (null if none), exit code and the tail of its stderr. */
    record Outcome(JsonNode result, int exit, String stderr) {
    }

    /**
     * Installs GramJS ({@code npm ci} when needed) and starts every scenario at once on a few threads (Node
     * startup and GramJS's own pacing dominate a run, so they overlap well); each test then checks its outcome.
     */
    @BeforeAll
    static void runAllScenarios(TestCluster cluster) {
        if (System.getProperty("mtflux.node") == null) {
            // Node.js and npm are OS packages: installed when missing, and the run fails (never skips) without them
            Apt.ensure(List.of(Path.of("/usr/bin/node"), Path.of("/usr/bin/npm")), "nodejs", "npm");
        }
        project = NodeProject.locate();
        project.ensureInstalled();
        pool = Executors.newFixedThreadPool(Integer.getInteger("mtflux.interop.parallel", 4), r -> {
            Thread t = new Thread(r, "gramjs-runner");
            t.setDaemon(true);
            return t;
        });
        for (String connection : CONNECTIONS) {
            for (String scenario : SCENARIOS) {
                RUNS.put(connection + "/" + scenario,
                    CompletableFuture.supplyAsync(() -> run(cluster, connection, scenario), pool));
            }
        }
    }

    @AfterAll
    static void stopRunners() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private static Outcome run(TestCluster cluster, String connection, String scenario) {
        int c = 1 + CONNECTIONS.indexOf(connection);
        boolean websocket = connection.startsWith("ws");
        List<String> args = new ArrayList<>(List.of("--scenario", scenario,
            "--connection", websocket ? "obfuscated" : connection,
            "--start-dc", "2", "--timeout-ms", Long.toString(STEP_TIMEOUT.toMillis())));
        if (websocket) {
            args.addAll(List.of("--websocket", connection));
        }
        if (scenario.equals("bot")) {
            args.addAll(List.of("--bot-token", botToken(c)));
        } else {
            args.addAll(List.of("--phone", phone(c, scenario)));
        }
        if (scenario.equals("2fa")) {
            args.addAll(List.of("--password", PASSWORD));
        }
        if (scenario.equals("resume")) {
            args.addAll(List.of("--session-out", sessionFile(connection).toAbsolutePath().toString()));
        }
        Path log = Path.of("target", "interop-logs", "gramjs-" + scenario + "-" + connection + ".log");
        try (ClusterScript script = ClusterScript.start(project, cluster, "gramjs-login.js", args, log)) {
            JsonNode result = script.nextLine(RUN_TIMEOUT);
            int exit = script.waitFor(Duration.ofSeconds(10));
            return new Outcome(result, exit, script.stderrTail(40));
        }
    }

    /** Where the {@code resume} run leaves GramJS's {@code StringSession.save()}. */
    private static Path sessionFile(String connection) {
        return Path.of("target", "interop-logs", "gramjs-resume-" + connection + ".session");
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (String connection : CONNECTIONS) {
            for (String scenario : SCENARIOS) {
                all.add(Arguments.of(connection, scenario));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{1} over {0}")
    @MethodSource("cases")
    void gramJsLogsIn(String connection, String scenario, TestCluster cluster) {
        int c = 1 + CONNECTIONS.indexOf(connection);
        Outcome outcome = RUNS.get(connection + "/" + scenario).join();
        JsonNode result = outcome.result();
        assertThat(result).as("the script's result line; stderr:\n%s", outcome.stderr()).isNotNull();
        assertThat(result.path("ok").asBoolean())
            .as("%s over %s: %s; stderr:\n%s", scenario, connection, result, outcome.stderr()).isTrue();
        assertThat(outcome.exit()).isZero();
        JsonNode user = result.path("user");
        List<String> requests = strings(result.path("requests"));
        List<String> errors = strings(result.path("errors"));
        assertThat(user.path("self").asBoolean()).isTrue();
        List<String> websockets = strings(result.path("websockets"));
        if (connection.startsWith("ws")) {
            // every connection GramJS opened was a WebSocket to a DC's TCP port, on the scheme asked for
            List<String> expected = new ArrayList<>();
            cluster.endpoints()
                .forEach(dc -> expected.add(connection + "://" + dc.host() + ":" + dc.port() + "/apiws"));
            assertThat(websockets).isNotEmpty().allSatisfy(url -> assertThat(expected).contains(url));
        } else {
            assertThat(websockets).isEmpty();
        }

        switch (scenario) {
            case "bot" -> {
                assertThat(user.path("bot").asBoolean()).isTrue();
                assertThat(user.path("id").asText()).isEqualTo(Long.toString(700000 + c));
                assertThat(user.path("firstName").asText()).isEqualTo("Helper " + c);
                assertThat(requests).contains("auth.ImportBotAuthorization").doesNotContain("auth.SendCode");
                assertThat(result.path("dc").asInt()).isEqualTo(2);
            }
            case "signup" -> {
                Account created = cluster.user(phone(c, scenario)).orElseThrow();
                assertThat(created.firstName()).isEqualTo("Gram");
                assertUser(user, created);
                assertThat(requests).containsSubsequence("auth.SendCode", "auth.SignIn", "auth.SignUp",
                    "help.AcceptTermsOfService");
                assertThat(result.path("dc").asInt()).isEqualTo(2);
            }
            default -> {
                Account account = cluster.user(phone(c, scenario)).orElseThrow();
                assertUser(user, account);
                assertThat(user.path("bot").asBoolean()).isFalse();
                assertThat(requests).contains("auth.SendCode", "auth.SignIn").doesNotContain("auth.SignUp");
                assertThat(result.path("dc").asInt()).isEqualTo(account.homeDc());
            }
        }
        switch (scenario) {
            case "login" -> {
                assertThat(requests).doesNotContain("auth.CheckPassword");
                assertThat(result.path("codeAsks").asInt()).isEqualTo(1);
            }
            case "2fa" -> {
                assertThat(errors).contains("SESSION_PASSWORD_NEEDED");
                assertThat(requests).containsSubsequence("auth.SignIn", "account.GetPassword", "auth.CheckPassword");
            }
            case "wrong-code" -> {
                assertThat(strings(result.path("authErrors"))).containsExactly("PHONE_CODE_INVALID");
                assertThat(result.path("codeAsks").asInt()).isEqualTo(2);
                assertThat(requests.stream().filter("auth.SignIn"::equals).count()).isEqualTo(2);
            }
            case "migrate" -> {
                assertThat(errors).contains("PHONE_MIGRATE_4");
                assertThat(result.path("dc").asInt()).isEqualTo(4);
                assertThat(requests.stream().filter("auth.SendCode"::equals).count()).isEqualTo(2);
            }
            case "resume" -> {
                JsonNode resumed = result.path("resumed");
                assertThat(resumed.path("user").path("id").asText()).isEqualTo(user.path("id").asText());
                assertThat(resumed.path("dc").asInt()).isEqualTo(4);
                List<String> again = strings(resumed.path("requests"));
                assertThat(again).contains("updates.GetState", "users.GetUsers");
                assertThat(again).noneMatch(r -> r.startsWith("auth."));
                assertThat(strings(resumed.path("errors"))).isEmpty();
                assertMtfluxResumes(cluster, sessionFile(connection), user.path("id").asLong());
            }
            default -> {
            }
        }
    }

    /**
     * mtflux imports the {@code StringSession} the real GramJS saved and, with no login call, is the same user on
     * the same home DC. GramJS strings hold the DC's address with port 443 (its ports are int16 and never used to
     * dial, see docs/interop-notes.md 1), so the imported address list is dropped and the cluster's own is used.
     */
    private static void assertMtfluxResumes(TestCluster cluster, Path session, long userId) {
        ImportedSession imported;
        try {
            imported = ForeignSessions.gramJs(Files.readString(session).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(imported.format()).isEqualTo("GramJS");
        assertThat(imported.state().homeDc()).isEqualTo(4);
        InMemorySessionStore store = new InMemorySessionStore();
        store.save("gramjs", imported.state().withDcOptions(List.of())).block(WAIT);
        MtprotoClient client = MtprotoClient.create(ClientOptions.builder()
            .apiId(1).apiHash("0123456789abcdef0123456789abcdef")
            .dcOptions(cluster.dcOptions()).sessionStore(store).accountId("gramjs").build());
        try {
            client.connect().block(WAIT);
            List<User> self = client.invoke(new UsersGetUsers(List.of(new InputUserSelf()))).block(WAIT);
            assertThat(((BaseUser) self.get(0)).id()).isEqualTo(userId);
            assertThat(client.session().homeDc()).isEqualTo(4);
        } finally {
            client.close().block(WAIT);
        }
    }

    private static void assertUser(JsonNode user, Account account) {
        assertThat(user.path("id").asText()).isEqualTo(Long.toString(account.id()));
        assertThat(user.path("phone").asText()).isEqualTo(account.phone());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
