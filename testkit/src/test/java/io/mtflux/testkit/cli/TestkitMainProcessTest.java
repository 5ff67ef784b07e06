package io.mtflux.testkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.ClientTransport;
import io.mtflux.core.client.DcOptions;
import io.mtflux.core.client.DcUrls;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.client.WebSocketClientTransport;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.crypto.RsaKeyRing;
import io.mtflux.core.crypto.RsaPem;
import io.mtflux.core.crypto.RsaPrivateKey;
import io.mtflux.core.crypto.RsaPublicKey;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.rpc.RpcRetry;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.tl.api.CodeSettings;
import io.mtflux.core.tl.api.auth.AuthSendCode;
import io.mtflux.core.tl.api.auth.AuthSignIn;
import io.mtflux.core.tl.api.auth.BaseAuthSentCode;
import io.mtflux.testkit.TestkitReadyLine;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The jar's contract, end to end: {@link TestkitMain} in a child JVM (on this test's class path, so the shaded jar
 * need not exist yet), driven through its stdin, stdout and signals, with the real {@link MtprotoClient} logging in
 * to the printed endpoints with the printed key.
 */
class TestkitMainProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int API_ID = 12345;
    private static final String API_HASH = "0123456789abcdef0123456789abcdef";
    private static final String PHONE = "+15550001111";
    private static final String BOT_SECRET = "AAE-secret-token";

    @TempDir
    Path dir;

    private final List<Child> children = new ArrayList<>();
    private MtprotoClient client;

    @AfterEach
    void cleanUp() {
        if (client != null) {
            client.close().block(TIMEOUT);
        }
        children.forEach(c -> c.process.destroyForcibly());
    }

    @Test
    void printsTheClusterThenCodesAndExitsWhenStdinCloses() throws Exception {
        RsaPrivateKey key = RsaPrivateKey.generateForServer(2048, RandomSource.secure());
        Path keyFile = dir.resolve("server.pem");
        Files.writeString(keyFile, key.toPem());
        Child child = launch("--rsa-key", keyFile.toString(),
            "--user", "phone=" + PHONE + ",dc=2,first=Ann,last=Lee,password=hunter2,hint=pet,code=12345",
            "--bot", "token=123456:" + BOT_SECRET + ",dc=2,first=Helper");

        String line = child.nextLine();
        JsonNode ready = JSON.readTree(line);
        assertThat(ready.fieldNames()).toIterable()
            .containsExactly("dcs", "rsa_public_key_pem", "rsa_fingerprint", "websocket_path");
        assertThat(ready.get("websocket_path").asText()).isEqualTo("/apiws");
        List<DcEndpoint> endpoints = new ArrayList<>();
        for (JsonNode dc : ready.get("dcs")) {
            assertThat(dc.get("host").asText()).isEqualTo("127.0.0.1");
            assertThat(dc.get("port").asInt()).isPositive();
            endpoints.add(DcEndpoint.of(dc.get("id").asInt(), dc.get("host").asText(), dc.get("port").asInt()));
        }
        assertThat(endpoints).extracting(DcEndpoint::dcId).containsExactly(1, 2, 3);
        RsaPublicKey printed = RsaPem.readPublicKey(ready.get("rsa_public_key_pem").asText());
        assertThat(printed).isEqualTo(key.publicKey());
        assertThat(ready.get("rsa_fingerprint").asText()).isEqualTo(Long.toString(key.publicKey().fingerprint()));
        // the Java reader of the line agrees with Jackson
        TestkitReadyLine parsed = TestkitReadyLine.parse(line);
        assertThat(parsed.endpoints()).isEqualTo(endpoints);
        assertThat(parsed.rsaPublicKey()).isEqualTo(key.publicKey());
        assertThat(parsed.webSocketPath()).contains("/apiws");
        assertThat(parsed.tlsCertificate()).isEmpty();

        client = MtprotoClient.create(ClientOptions.builder().apiId(API_ID).apiHash(API_HASH)
            .dcOptions(DcOptions.of(endpoints, RsaKeyRing.of(printed), 2)).retry(RpcRetry.none()).build());
        client.connect().block(TIMEOUT);
        BaseAuthSentCode sent = (BaseAuthSentCode) client.invoke(
            new AuthSendCode(PHONE, API_ID, API_HASH, CodeSettings.builder().build())).block(TIMEOUT);
        assertThat(child.nextLine())
            .isEqualTo("{\"event\":\"code_sent\",\"phone\":\"+15550001111\",\"code\":\"12345\",\"dc\":2,"
                + "\"type\":\"sms\"}");
        // the fixed code signs in, and the password of the spec is asked for
        RpcException needed = catchThrowableOfType(RpcException.class, () -> client.invoke(
            new AuthSignIn(PHONE, sent.phoneCodeHash(), "12345", null)).block(TIMEOUT));
        assertThat(needed.errorMessage()).isEqualTo("SESSION_PASSWORD_NEEDED");
        client.close().block(TIMEOUT);
        client = null;

        child.process.getOutputStream().close();
        assertThat(child.exitCode()).as(child.stderr()).isZero();
        assertThat(child.rest()).isEmpty();
        assertThat(child.stdout()).doesNotContain("PRIVATE", BOT_SECRET);
        // the logs went to stderr, and no secret anywhere
        assertThat(child.stderr()).contains("ready: 3 DCs").doesNotContain("PRIVATE KEY", BOT_SECRET);
    }

    @Test
    void wssPrintsItsSelfSignedCertificateAndAClientTrustingItLogsInOnTheTcpPort() throws Exception {
        Child child = launch("--dcs", "2", "--wss", "--user", "phone=" + PHONE + ",dc=2,code=12345");
        String line = child.nextLine();
        JsonNode ready = JSON.readTree(line);
        assertThat(ready.fieldNames()).toIterable().containsExactly("dcs", "rsa_public_key_pem", "rsa_fingerprint",
            "websocket_path", "tls_certificate_pem");
        String pem = ready.get("tls_certificate_pem").asText();
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----").doesNotContain("PRIVATE");
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        List<DcEndpoint> endpoints = new ArrayList<>();
        for (JsonNode dc : ready.get("dcs")) {
            endpoints.add(DcEndpoint.of(dc.get("id").asInt(), dc.get("host").asText(), dc.get("port").asInt()));
        }
        DcOptions options = DcOptions.of(endpoints,
            RsaKeyRing.of(RsaPem.readPublicKey(ready.get("rsa_public_key_pem").asText())), 2);
        TestkitReadyLine parsed = TestkitReadyLine.parse(line);
        assertThat(parsed.tlsCertificate()).contains(certificate);
        assertThat(parsed.tlsCertificatePem()).contains(pem);
        assertThat(parsed.dcOptions().endpoints()).isEqualTo(endpoints);
        assertThat(parsed.dcOptions().defaultDc()).isEqualTo(2);
        WebSocketClientTransport wss = ClientTransport.websocket(DcUrls.wss()).trustCertificates(certificate);
        assertThat(wss.url(2, options)).hasToString("wss://127.0.0.1:" + endpoints.get(1).port() + "/apiws");
        client = MtprotoClient.create(ClientOptions.builder().apiId(API_ID).apiHash(API_HASH).dcOptions(options)
            .transport(wss).retry(RpcRetry.none()).build());
        client.connect().block(TIMEOUT);
        BaseAuthSentCode sent = (BaseAuthSentCode) client.invoke(
            new AuthSendCode(PHONE, API_ID, API_HASH, CodeSettings.builder().build())).block(TIMEOUT);
        assertThat(child.nextLine()).contains("\"code\":\"12345\"");
        assertThat(client.invoke(new AuthSignIn(PHONE, sent.phoneCodeHash(), "12345", null)).block(TIMEOUT))
            .isNotNull();
        client.close().block(TIMEOUT);
        client = null;
        child.process.getOutputStream().close();
        assertThat(child.exitCode()).as(child.stderr()).isZero();
        assertThat(child.stderr()).contains("and wss://").doesNotContain("PRIVATE KEY");
    }

    @Test
    void listensOnTheGivenPortAndExitsZeroOnSigterm() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Child child = launch("--dcs", "1", "--port", Integer.toString(port));
        JsonNode ready = JSON.readTree(child.nextLine());
        assertThat(ready.get("dcs")).hasSize(1);
        assertThat(ready.get("dcs").get(0).get("id").asInt()).isEqualTo(1);
        assertThat(ready.get("dcs").get(0).get("port").asInt()).isEqualTo(port);
        Long.parseLong(ready.get("rsa_fingerprint").asText());

        child.process.destroy();
        assertThat(child.exitCode()).as(child.stderr()).isZero();
        assertThat(child.rest()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--frobnicate                     | unknown flag --frobnicate",
        "--dcs x                          | --dcs: 'x' is not a number",
        "--user dc=2,first=Ann            | --user needs phone=",
        "--rsa-key /nonexistent/key.pem   | --rsa-key /nonexistent/key.pem: no such file",
        "--tls-cert /nonexistent/c.pem    | --tls-cert and --tls-key go together",
        "--tls-cert /no/c.pem --tls-key /no/k.pem | --tls-cert /no/c.pem: no such file",
    })
    void badFlagsExitTwoWithAOneLineMessage(String args, String message) throws Exception {
        Child child = launch(args.split(" "));
        assertThat(child.exitCode()).isEqualTo(2);
        assertThat(child.stdout()).isEmpty();
        List<String> errors = Files.readAllLines(child.stderrFile);
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith("mtflux-testkit: ").contains(message);
    }

    private Child launch(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-cp", System.getProperty("java.class.path"), TestkitMain.class.getName()));
        command.addAll(List.of(args));
        Path stderr = dir.resolve("stderr-" + children.size() + ".log");
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        Child child = new Child(process, stderr);
        children.add(child);
        return child;
    }

    /** A child JVM whose stdout is read line by line on a thread of its own (so reads can time out). */
    private static final class Child {
        private static final String EOF = "\u0000EOF";

        final Process process;
        final Path stderrFile;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuilder seen = new StringBuilder();
        private boolean ended;

        Child(Process process, Path stderrFile) {
            this.process = process;
            this.stderrFile = stderrFile;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // the process is gone
                } finally {
                    lines.add(EOF);
                }
            }, "child-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        /** @return the next stdout line; fails on end of stream or timeout */
        String nextLine() throws InterruptedException {
            String line = lines.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(line).as("a stdout line; stderr: %s", stderr()).isNotNull().isNotEqualTo(EOF);
            seen.append(line).append('\n');
            return line;
        }

        /** @return the stdout lines until its end (the process must have exited) */
        List<String> rest() throws InterruptedException {
            List<String> rest = new ArrayList<>();
            while (!ended) {
                String line = lines.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(line).as("the end of stdout; stderr: %s", stderr()).isNotNull();
                if (line.equals(EOF)) {
                    ended = true;
                } else {
                    rest.add(line);
                    seen.append(line).append('\n');
                }
            }
            return rest;
        }

        /** @return everything read from stdout so far, after draining it to its end */
        String stdout() throws InterruptedException {
            rest();
            return seen.toString();
        }

        int exitCode() throws InterruptedException {
            assertThat(process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("exited").isTrue();
            return process.exitValue();
        }

        String stderr() {
            try {
                return Files.readString(stderrFile);
            } catch (IOException e) {
                return "(no stderr: " + e + ")";
            }
        }
    }
}
