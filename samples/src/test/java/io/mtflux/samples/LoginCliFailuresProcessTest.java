package io.mtflux.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.testsupport.NoiseServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The login CLI as a process where it must fail cleanly: every bad numeric or range value exits 2 with one line,
 * a port that answers bytes that are no MTProto and a closed port exit 1 with one line naming the cause and the
 * address, after the client's connect attempts (seconds), not after the 60 s connect timeout. No stack trace.
 */
class LoginCliFailuresProcessTest {
    private static final String HASH = "0123456789abcdef0123456789abcdef";

    private record Result(int exit, String out, String err) {
        /** The one line on stderr (fails when there are more or none). */
        String line() {
            List<String> lines = err.strip().lines().toList();
            assertThat(lines).as(err).hasSize(1);
            assertThat(lines.get(0)).startsWith("mtflux-login: ");
            return lines.get(0);
        }
    }

    private static Process start(String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(CliProcess.command(LoginCli.class, List.of(args)));
        builder.environment().keySet().removeIf(name -> name.startsWith("MTFLUX_"));
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }

    private static Result finish(Process process) throws Exception {
        // the 60 s of the CLI's connect timeout are not reached: the connect attempts fail first
        assertThat(process.waitFor(50, TimeUnit.SECONDS)).as("exited before the CLI's connect timeout").isTrue();
        return new Result(process.exitValue(),
            new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
            new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void everyBadNumberOrRangeExitsWith2AndOneLine() throws Exception {
        String server = "127.0.0.1:443";
        Map<List<String>, String> cases = new LinkedHashMap<>();
        cases.put(List.of("--api-id", "0", "--api-hash", HASH, "--server", server),
            "--api-id must be a positive number, got 0");
        cases.put(List.of("--api-id", "x", "--api-hash", HASH, "--server", server),
            "--api-id must be a number, got 'x'");
        cases.put(List.of("--api-id", "1", "--api-hash", "", "--server", server), "--api-hash must be 1 to");
        cases.put(List.of("--api-id", "1", "--api-hash", HASH, "--server", server, "--dc-id", "0"),
            "--dc-id: expected a positive DC id, got 0");
        cases.put(List.of("--api-id", "1", "--api-hash", HASH, "--dc-id", "-3"),
            "--dc-id: expected a positive DC id, got -3");
        cases.put(List.of("--api-id", "1", "--api-hash", HASH, "--server", "127.0.0.1:0"),
            "--server: expected a port from 1 to 65535");
        cases.put(List.of("--api-id", "1", "--api-hash", HASH, "--server", "127.0.0.1:65536"),
            "--server: expected a port from 1 to 65535");
        cases.put(List.of("--api-id", "1", "--api-hash", HASH, "--server", server, "--proxy",
            "socks5://127.0.0.1:0"), "--proxy: the port must be from 1 to 65535, got 0");
        cases.put(List.of("--api-id", "1", "--api-hash", HASH, "--server", server, "--proxy",
            "http://127.0.0.1:65536"), "--proxy: the port must be from 1 to 65535, got 65536");
        cases.put(List.of("--api-id", "1", "--api-hash", HASH, "--server", server, "--proxy",
            "socks5://127.0.0.1:99999999999"), "--proxy: the port must be from 1 to 65535");
        cases.put(List.of("--api-id", "1", "--api-hash", HASH, "--server", server, "--password-file",
            "/nonexistent/pw"), "cannot read --password-file /nonexistent/pw (NoSuchFileException)");
        cases.put(List.of("--api-id", "1", "--api-hash", HASH, "--server", server, "--password", "a",
            "--password-file", "-"), "--password-file does not go with --password");
        cases.put(List.of("--api-id", "1", "--api-hash", HASH, "--server", server, "--code-file", "-",
            "--bot-token-file", "-"), "only one of --password-file, --bot-token-file and --code-file can be -");
        // all at once: each is a JVM that exits at once
        Map<List<String>, Process> running = new LinkedHashMap<>();
        for (List<String> args : cases.keySet()) {
            running.put(args, start(args.toArray(String[]::new)));
        }
        for (Map.Entry<List<String>, Process> run : running.entrySet()) {
            Result r = finish(run.getValue());
            assertThat(r.exit()).as(run.getKey() + ": " + r.err()).isEqualTo(2);
            assertThat(r.line()).as(run.getKey().toString()).contains(cases.get(run.getKey()));
            assertThat(r.err()).doesNotContain("Exception:").doesNotContain("\tat ");
        }
    }

    @Test
    void aPortAnsweringRandomBytesAndAClosedPortExitWith1AndOneLine() throws Exception {
        int closed;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = free.getLocalPort();
        }
        try (ServerSocket noise = NoiseServer.start()) {
            Process random = start("--api-id", "1", "--api-hash", HASH, "--server", "127.0.0.1:" + noise.getLocalPort(),
                "--phone", "+1 555 000 0000", "--json");
            Process refused = start("--api-id", "1", "--api-hash", HASH, "--server", "127.0.0.1:" + closed,
                "--dc-id", "4", "--phone", "+1 555 000 0000");
            Result r = finish(random);
            assertThat(r.exit()).as(r.err()).isEqualTo(1);
            assertThat(r.line()).startsWith("mtflux-login: HandshakeFailedException: DC 2 at 127.0.0.1:"
                + noise.getLocalPort() + ": the server does not speak MTProto");
            assertThat(r.out()).contains("{\"ok\":false,\"error\":\"HandshakeFailedException\"}");

            Result c = finish(refused);
            assertThat(c.exit()).as(c.err()).isEqualTo(1);
            assertThat(c.line()).isEqualTo("mtflux-login: DcUnreachableException: DC 4: cannot connect to 127.0.0.1:"
                + closed + ": connection refused");
        }
    }
}
