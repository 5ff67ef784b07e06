package io.mtflux.transport.proxy;

import io.mtflux.testsupport.Apt;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real third-party SOCKS server Dante ({@code danted}, Debian package {@code dante-server}) on a free
 * loopback port without authentication; it speaks SOCKS4/4a and SOCKS5. Installs it with apt-get when missing
 * ({@link Apt}); the tests fail, with the reason, when that fails or when danted does not start.
 */
final class Dante implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/danted");

    private final Process process;
    private final Path config;
    private final int port;

    private Dante(Process process, Path config, int port) {
        this.process = process;
        this.config = config;
        this.port = port;
    }

    static Dante start() throws IOException, InterruptedException {
        Apt.ensure(BINARY, "dante-server");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path config = Files.createTempFile("danted", ".conf");
        Files.writeString(config, String.join("\n",
            "logoutput: stderr",
            "internal: 127.0.0.1 port = " + port,
            "external: 127.0.0.1",
            "clientmethod: none",
            "socksmethod: none",
            "user.privileged: root",
            "user.unprivileged: nobody",
            "client pass { from: 127.0.0.0/8 to: 0.0.0.0/0 }",
            "socks pass { from: 127.0.0.0/8 to: 0.0.0.0/0 protocol: tcp }",
            ""));
        Process p = new ProcessBuilder(BINARY.toString(), "-f", config.toString()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return new Dante(p, config, port);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        String exit = p.isAlive() ? "still running" : "exited with " + p.exitValue();
        p.destroyForcibly();
        Files.deleteIfExists(config);
        throw new IOException("danted did not start listening on port " + port + " within 10 s (" + exit
            + "); it runs as root here (user.privileged: root)");
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(config);
    }
}
