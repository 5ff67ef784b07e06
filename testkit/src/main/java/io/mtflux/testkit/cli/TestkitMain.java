package io.mtflux.testkit.cli;

import io.mtflux.core.crypto.RsaPem;
import io.mtflux.core.crypto.RsaPrivateKey;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.testkit.TestBot;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import io.mtflux.testkit.tls.TlsCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Exceptions;

/**
 * {@code java -jar mtflux-testkit.jar}: a cluster of fake DCs as a process that other tools drive (README,
 * "Standalone jar"). stdout carries JSON lines only: first the DCs and the RSA public key, then one event per line
 * ({@code code_sent}). Logs and messages go to stderr. The process runs until SIGTERM or until stdin is closed,
 * then stops the cluster and exits 0; a bad command line exits 2, a cluster that cannot start (a port in use)
 * exits 1.
 */
public final class TestkitMain {
    /** The exit code when the cluster cannot start. */
    public static final int EXIT_START_FAILED = 1;

    private static final Duration START_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final String NAME = "mtflux-testkit";

    private TestkitMain() {
    }

    /**
     * @param args see {@link CliOptions}
     */
    public static void main(String[] args) {
        // Only our JSON lines may reach stdout: keep the real stream, send anything else that prints there to stderr.
        PrintStream stdout = System.out;
        System.setOut(System.err);
        configureLogging();

        CliOptions options;
        RsaPrivateKey key;
        TlsCredentials tls;
        try {
            options = CliOptions.parse(args);
            if (options.help()) {
                stdout.print(CliOptions.USAGE);
                stdout.flush();
                System.exit(0);
                return;
            }
            key = options.rsaKeyFile() == null ? null : readKey(options.rsaKeyFile());
            tls = options.tlsCertFile() == null ? null : readTls(options.tlsCertFile(), options.tlsKeyFile());
        } catch (UsageException e) {
            System.err.println(NAME + ": " + e.getMessage());
            System.exit(UsageException.EXIT_CODE);
            return;
        }

        Logger log = LoggerFactory.getLogger(TestkitMain.class);
        TestCluster cluster;
        try {
            cluster = builder(options, key, tls).start().block(START_TIMEOUT);
        } catch (RuntimeException e) {
            System.err.println(NAME + ": cannot start the cluster: " + describe(Exceptions.unwrap(e)));
            System.exit(EXIT_START_FAILED);
            return;
        }

        StdoutLines lines = new StdoutLines(stdout);
        // subscribed before the ready line is printed: a client that reads it and logs in at once misses no code
        Disposable codes = cluster.codes().subscribe(code -> lines.event(JsonLines.codeSent(code)),
            e -> log.warn("code stream failed: {}", e.toString()));
        lines.open(JsonLines.ready(cluster));
        log.info("ready: {} DCs on {}, ports {}, each serving MTProto over TCP, ws://{}:PORT{}{}; stop with SIGTERM"
            + " or by closing stdin", cluster.dcCount(), options.host(),
            cluster.endpoints().stream().map(DcEndpoint::port).toList(), options.host(), cluster.webSocketPath(),
            options.wss() ? " and wss://" : "");

        AtomicBoolean stopped = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                log.info("stopping the cluster");
                codes.dispose();
                try {
                    cluster.stop().block(STOP_TIMEOUT);
                } catch (RuntimeException e) {
                    log.warn("cluster stop: {}", describe(Exceptions.unwrap(e)));
                }
                lines.close(STOP_TIMEOUT);
            }
        };
        // SIGTERM runs shutdown hooks and would exit 143; the contract says 0 after a clean stop
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            Runtime.getRuntime().halt(0);
        }, NAME + "-shutdown"));

        awaitEndOfInput(System.in);
        log.info("stdin closed");
        stop.run();
        System.exit(0);
    }

    private static TestCluster.Builder builder(CliOptions options, RsaPrivateKey key, TlsCredentials tls) {
        TestCluster.Builder builder = Testkit.cluster().dcs(options.dcs()).host(options.host()).port(options.port());
        if (key != null) {
            builder.rsaKey(key);
        }
        if (tls != null) {
            builder.tls(tls);
        } else if (options.wss()) {
            builder.selfSignedTls();
        }
        builder.user(options.users().toArray(new TestUser[0]));
        builder.bot(options.bots().toArray(new TestBot[0]));
        return builder;
    }

    private static RsaPrivateKey readKey(Path file) throws UsageException {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException("--rsa-key " + file + ": no such file");
        } catch (IOException | RuntimeException e) {
            throw new UsageException("--rsa-key " + file + ": cannot read it (" + e.getClass().getSimpleName() + ")");
        }
        try {
            // RsaPem's messages never quote key material
            return RsaPem.readPrivateKey(pem);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--rsa-key " + file + ": " + e.getMessage()
                + " (expected an RSA PRIVATE KEY or PRIVATE KEY PEM)");
        }
    }

    private static TlsCredentials readTls(Path certFile, Path keyFile) throws UsageException {
        String cert = readText("--tls-cert", certFile);
        String key = readText("--tls-key", keyFile);
        TlsCredentials tls;
        try {
            // TlsCredentials' messages never quote key material
            tls = TlsCredentials.fromPem(cert, key);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--tls-cert " + certFile + " / --tls-key " + keyFile + ": " + e.getMessage());
        }
        try {
            tls.serverContext();
        } catch (IllegalArgumentException e) {
            throw new UsageException("--tls-key " + keyFile + " does not fit --tls-cert " + certFile + ": "
                + e.getMessage());
        }
        return tls;
    }

    private static String readText(String flag, Path file) throws UsageException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException(flag + " " + file + ": no such file");
        } catch (IOException | RuntimeException e) {
            throw new UsageException(flag + " " + file + ": cannot read it (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Blocks the main thread (never an event loop) until stdin reaches its end or fails. */
    private static void awaitEndOfInput(InputStream in) {
        byte[] buffer = new byte[512];
        try {
            int n;
            do {
                n = in.read(buffer);
            } while (n >= 0);
        } catch (IOException e) {
            // a broken stdin counts as closed
        }
    }

    /** slf4j-simple (bundled in the jar) to stderr unless the operator set its properties. */
    private static void configureLogging() {
        setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "info");
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    private static String describe(Throwable e) {
        StringBuilder out = new StringBuilder(e.toString());
        Throwable cause = e.getCause();
        for (int depth = 0; cause != null && depth < 5; depth++, cause = cause.getCause()) {
            out.append("; caused by ").append(cause);
        }
        return out.toString().replace('\n', ' ');
    }
}
