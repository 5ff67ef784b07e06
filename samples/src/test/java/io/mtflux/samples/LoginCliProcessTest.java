package io.mtflux.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.auth.AuthClient;
import io.mtflux.auth.SentCode;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.crypto.RsaPem;
import io.mtflux.testkit.TestBot;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import io.mtflux.testkit.cli.JsonLines;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The login CLI as a process, non-interactive, against a testkit cluster: exit codes and the JSON line. */
class LoginCliProcessTest {
    private static final String TERMS = "These are the terms of service of the mtflux testkit: nothing here is real.";
    private static TestCluster cluster;
    /** The 2FA password of +1 555 020 0011, given only through the environment, a file or stdin. */
    private static final String PASSWORD = "correct horse battery staple";
    private static Path keyFile;
    private static Path caFile;

    @BeforeAll
    static void start(@TempDir Path dir) throws IOException {
        cluster = Testkit.cluster().dcs(3)
            .user(TestUser.of("+1 555 020 0001").dc(3).name("Cli", "User").code("24680"))
            .user(TestUser.of("+1 555 020 0002").dc(2).name("Two", "Fa").code("13579").password("pw", "hint"))
            .user(TestUser.of("+1 555 020 0003").dc(2).name("Re", "Send").code("97531"))
            .user(TestUser.of("+1 555 020 0007").dc(3).name("Web", "Socket").code("11223"))
            .user(TestUser.of("+1 555 020 0008").dc(2).name("Web", "Tls").code("44556").password("pw", "hint"))
            .user(TestUser.of("+1 555 020 0009").dc(3).name("Ready", "Tcp").code("55667"))
            .user(TestUser.of("+1 555 020 0010").dc(2).name("Ready", "Tls").code("77889").password("pw", "hint"))
            .user(TestUser.of("+1 555 020 0011").dc(2).name("Secret", "Files").code("99001").password(PASSWORD, "h"))
            .bot(TestBot.of("800001:AAE-cli-bot").dc(2).name("CliBot"))
            .selfSignedTls()
            .start().block(Duration.ofSeconds(60));
        keyFile = dir.resolve("server.pem");
        Files.writeString(keyFile, RsaPem.writePublicKey(cluster.rsaKey().publicKey()));
        caFile = dir.resolve("testkit-ca.pem");
        Files.writeString(caFile, cluster.tlsCertificatePem().orElseThrow());
    }

    @AfterAll
    static void stop() {
        cluster.stop().block(Duration.ofSeconds(30));
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result cli(String... args) throws Exception {
        return cliWithInput("", args);
    }

    /** The CLI with {@code input} on its stdin (no console: it reads lines and asks on stderr). */
    private static Result cliWithInput(String input, String... args) throws Exception {
        return cliWithEnv(Map.of(), input, args);
    }

    /** The CLI with the {@code MTFLUX_*} variables of {@code env} only, and {@code input} on its stdin. */
    private static Result cliWithEnv(Map<String, String> env, String input, String... args)
        throws Exception {
        ProcessBuilder builder = new ProcessBuilder(CliProcess.command(LoginCli.class, List.of(args)));
        builder.environment().keySet().removeIf(name -> name.startsWith("MTFLUX_"));
        builder.environment().putAll(env);
        Process process = builder.redirectInput(ProcessBuilder.Redirect.PIPE).start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(),
            new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
            new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static List<String> server(int dc) {
        return List.of("--api-id", "1", "--api-hash", "0123456789abcdef0123456789abcdef",
            "--server", "127.0.0.1:" + cluster.dc(dc).port(), "--dc-id", String.valueOf(dc),
            "--rsa-public-key", keyFile.toString(), "--json");
    }

    private static String[] args(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void userLoginWith2faPrintsTheJsonLine() throws Exception {
        Result r = cli(args(server(2), "--phone", "+1 555 020 0002", "--code", "13579", "--password", "pw",
            "--transport", "abridged", "--obfuscated"));
        assertThat(r.exit()).as(r.err()).isZero();
        String last = r.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(last).matches("\\{\"ok\":true,\"user_id\":\\d+,\"dc\":2,\"bot\":false}");
        assertThat(r.out() + r.err()).doesNotContain("0123456789abcdef0123456789abcdef");
    }

    @Test
    void userLoginOverWebSocketFollowsTheMigration() throws Exception {
        // ws://127.0.0.1:PORT/apiws on DC 2's TCP port; the account lives on DC 3, learned from help.getConfig
        Result r = cli(args(server(2), "--phone", "+1 555 020 0007", "--code", "11223", "--transport", "ws"));
        assertThat(r.exit()).as(r.err()).isZero();
        String last = r.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(last).matches("\\{\"ok\":true,\"user_id\":\\d+,\"dc\":3,\"bot\":false}");
    }

    @Test
    void userLoginOverWssTrustsTheGivenCertificateOnly() throws Exception {
        Result r = cli(args(server(2), "--phone", "+1 555 020 0008", "--code", "44556", "--password", "pw",
            "--transport", "wss", "--tls-ca", caFile.toString()));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"ok\":true").contains("\"dc\":2");
        // without --tls-ca the JDK's trust store knows nothing of the cluster's certificate
        Result untrusted = cli(args(server(2), "--bot-token", "800001:AAE-cli-bot", "--transport", "wss"));
        assertThat(untrusted.exit()).isEqualTo(1);
        assertThat(untrusted.out()).contains("\"ok\":false");
    }

    @Test
    void theTestkitsFirstLineGivesEveryDcItsKeyAndItsCertificate(@TempDir Path dir) throws Exception {
        Path ready = dir.resolve("testkit.jsonl");
        // the jar's stdout as a driver saves it: the ready line, then events
        Files.writeString(ready, JsonLines.ready(cluster) + "\n{\"event\":\"code_sent\",\"phone\":\"+1\"}\n");
        List<String> app = List.of("--api-id", "1", "--api-hash", "0123456789abcdef0123456789abcdef", "--json",
            "--testkit", ready.toString());
        // TCP from DC 1; the account lives on DC 3, which the line lists
        Result tcp = cli(args(app, "--dc-id", "1", "--phone", "+1 555 020 0009", "--code", "55667"));
        assertThat(tcp.exit()).as(tcp.err()).isZero();
        assertThat(tcp.out()).contains("\"ok\":true").contains("\"dc\":3");
        // wss:// trusting the certificate of the line, with no --tls-ca
        Result wss = cli(args(app, "--phone", "+1 555 020 0010", "--code", "77889", "--password", "pw",
            "--transport", "wss"));
        assertThat(wss.exit()).as(wss.err()).isZero();
        assertThat(wss.out()).contains("\"ok\":true").contains("\"dc\":2");

        Path event = dir.resolve("event.jsonl");
        Files.writeString(event, "{\"event\":\"code_sent\",\"phone\":\"+15550200009\",\"code\":\"1\"}\n");
        Result bad = cli("--api-id", "1", "--api-hash", "x", "--testkit", event.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--testkit " + event + ": testkit ready line: dcs is missing");
        Result both = cli(args(app, "--server", "127.0.0.1:1"));
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("--testkit does not go with --server");
        Result noDc = cli(args(app, "--dc-id", "7"));
        assertThat(noDc.exit()).isEqualTo(2);
        assertThat(noDc.err()).contains("--dc-id 7: the testkit has no such DC");
    }

    @Test
    void botLogin() throws Exception {
        Result r = cli(args(server(2), "--bot-token", "800001:AAE-cli-bot"));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"bot\":true");
    }

    @Test
    void aWrongCodeWithoutATerminalFailsWithTheTypedErrorName() throws Exception {
        Result r = cli(args(server(3), "--phone", "+1 555 020 0001", "--code", "00000"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("PhoneCodeInvalidException").contains("the CODE prompt gave no answer");
        assertThat(r.out()).contains("{\"ok\":false,\"error\":\"PhoneCodeInvalidException\"}");
    }

    @Test
    void aSignUpShowsTheTermsOfServiceOnStderr() throws Exception {
        String phone = "999662" + (1000 + (int) (Math.random() * 8999));
        Result r = cli(args(server(2), "--phone", phone, "--code", "22222", "--first-name", "Cli", "--last-name",
            "New"));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("Terms of service (signing up accepts them):").contains(TERMS);
        assertThat(r.out()).doesNotContain(TERMS);
        assertThat(r.out().strip().lines().reduce((a, b) -> b).orElseThrow())
            .matches("\\{\"ok\":true,\"user_id\":\\d+,\"dc\":2,\"bot\":false}");
    }

    @Test
    void namesTypedAfterTheTermsOfServiceOnTheTerminal() throws Exception {
        String phone = "999663" + (1000 + (int) (Math.random() * 8999));
        Result r = cliWithInput(phone + "\n33333\nTyped\n\n", args(server(3)));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("phone number (international format): ").contains(TERMS);
        assertThat(r.err().indexOf(TERMS)).isLessThan(r.err().indexOf("first name of the new account: "));
        assertThat(r.out()).contains("(Typed) on DC 3");
    }

    @Test
    void resendAsksForAnotherCodeFirst() throws Exception {
        String phone = "+1 555 020 0003";
        Result r = cli(args(server(2), "--phone", phone, "--resend", "--code", "97531"));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(cluster.resentCodes(phone)).isEqualTo(1);
        assertThat(r.out()).contains("\"dc\":2");
    }

    @Test
    void qrLoginAcceptedFromASecondSessionAfterMigration() throws Exception {
        List<String> args = new ArrayList<>(server(2));
        args.add("--qr");
        Process process = new ProcessBuilder(CliProcess.command(LoginCli.class, args))
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        process.getOutputStream().close();
        MtprotoClient phone = MtprotoClient.create(ClientOptions.builder()
            .apiId(1).apiHash("0123456789abcdef0123456789abcdef")
            .dcOptions(cluster.dcOptions()).build());
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
            phone.connect().block(Duration.ofSeconds(60));
            AuthClient auth = AuthClient.create(phone);
            SentCode.CodeSent sent = (SentCode.CodeSent) auth.sendCode("+1 555 020 0001").block(Duration.ofSeconds(60));
            auth.signIn(sent, "24680").block(Duration.ofSeconds(60));
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (line.startsWith("tg://login?token=") && lines.stream()
                    .filter(l -> l.startsWith("tg://login?token=")).count() == 1) {
                    // the second (logged-in) session scans the first code shown
                    byte[] token = Base64.getUrlDecoder().decode(line.substring("tg://login?token=".length()));
                    auth.acceptLoginToken(token).block(Duration.ofSeconds(60));
                }
            }
        } finally {
            phone.close().block(Duration.ofSeconds(30));
        }
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join("\n", lines)).isZero();
        assertThat(lines).filteredOn(l -> l.startsWith("tg://login?token=")).isNotEmpty();
        // the account lives on DC 3: the CLI followed loginTokenMigrateTo there
        assertThat(lines.get(lines.size() - 1)).matches("\\{\"ok\":true,\"user_id\":\\d+,\"dc\":3,\"bot\":false}");
    }

    @Test
    void badFlagsExitWith2() throws Exception {
        // one as a process: main exits with run's code and prints one line
        Result nope = cli("--nope");
        assertThat(nope.exit()).isEqualTo(2);
        assertThat(nope.err().strip()).doesNotContain("\n").doesNotContain("Exception");
        // the rest through run, which main exits with: a JVM start each is seconds of the build
        Result noApi = inProcess("--phone", "+1");
        assertThat(noApi.exit()).isEqualTo(2);
        assertThat(noApi.err()).contains("--api-id and --api-hash");
        assertThat(inProcess(args(server(2), "--transport", "carrier-pigeon")).exit()).isEqualTo(2);
        assertThat(inProcess(args(server(2), "--qr", "--bot-token", "800001:AAE-cli-bot")).exit()).isEqualTo(2);
        assertThat(inProcess(args(server(2), "--qr", "--resend")).exit()).isEqualTo(2);
        Result caWithoutWss = inProcess(args(server(2), "--transport", "ws", "--tls-ca", caFile.toString()));
        assertThat(caWithoutWss.exit()).isEqualTo(2);
        assertThat(caWithoutWss.err()).contains("--tls-ca goes with --transport wss");
        assertThat(inProcess(args(server(2), "--transport", "ws", "--proxy", "socks5://127.0.0.1:1080")).exit())
            .isEqualTo(2);
        assertThat(inProcess(args(server(2), "--transport", "wss", "--tls-ca", keyFile.toString())).err())
            .contains("--tls-ca");
    }

    /** {@link LoginCli#run} in this JVM, with no environment and an empty standard input. */
    private static Result inProcess(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = LoginCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), new ByteArrayInputStream(new byte[0]));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aServerWhoseRsaKeyIsNotTheGivenOneExitsWith1AndOneLine() throws Exception {
        // no --rsa-public-key: Telegram's keys, none of which is the testkit's
        int port = cluster.dc(2).port();
        Result r = cli("--api-id", "1", "--api-hash", "0123456789abcdef0123456789abcdef", "--server",
            "127.0.0.1:" + port, "--phone", "+1 555 020 0011");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        List<String> lines = r.err().strip().lines().toList();
        assertThat(lines).as(r.err()).hasSize(1);
        assertThat(lines.get(0)).startsWith("mtflux-login: HandshakeFailedException: DC 2 at 127.0.0.1:" + port
            + ": the server's RSA key is not a trusted one (HANDSHAKE_UNKNOWN_FINGERPRINT");
    }

    /** The secrets are no argv element: {@code ps} shows the command line, never them. */
    private static void assertNotInArgv(String[] args, String... secrets) {
        for (String secret : secrets) {
            assertThat(args).doesNotContain(secret);
            assertThat(String.join(" ", args)).doesNotContain(secret);
        }
    }

    @Test
    void secretsComeFromTheEnvironmentAFileOrStandardInput(@TempDir Path dir) throws Exception {
        String phone = "+1 555 020 0011";
        // the environment: code and password
        String[] env = args(server(2), "--phone", phone);
        assertNotInArgv(env, "99001", PASSWORD);
        Result fromEnv = cliWithEnv(Map.of("MTFLUX_CODE", "99001", "MTFLUX_PASSWORD", PASSWORD), "", env);
        assertThat(fromEnv.exit()).as(fromEnv.err()).isZero();
        assertThat(fromEnv.out()).contains("\"ok\":true").contains("\"dc\":2");

        // files: the first line (a line end after it is no part of the secret)
        Path code = dir.resolve("code");
        Files.writeString(code, "99001\n");
        Path password = dir.resolve("password");
        Files.writeString(password, PASSWORD + "\n");
        String[] files = args(server(2), "--phone", phone, "--code-file", code.toString(), "--password-file",
            password.toString());
        assertNotInArgv(files, "99001", PASSWORD);
        Result fromFiles = cli(files);
        assertThat(fromFiles.exit()).as(fromFiles.err()).isZero();
        assertThat(fromFiles.out()).contains("\"ok\":true");

        // standard input: the password (one line; the terminal questions would read the rest)
        String[] stdin = args(server(2), "--phone", phone, "--code-file", code.toString(), "--password-file", "-");
        assertNotInArgv(stdin, PASSWORD);
        Result fromStdin = cliWithInput(PASSWORD + "\n", stdin);
        assertThat(fromStdin.exit()).as(fromStdin.err()).isZero();
        assertThat(fromStdin.out()).contains("\"ok\":true");
        assertThat(fromEnv.out() + fromEnv.err() + fromFiles.out() + fromFiles.err() + fromStdin.out()
            + fromStdin.err()).doesNotContain(PASSWORD).doesNotContain("99001");
    }
}
