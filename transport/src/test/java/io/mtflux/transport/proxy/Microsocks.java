package io.mtflux.transport.proxy;

import io.mtflux.testsupport.Apt;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real third-party SOCKS5 server {@code microsocks} (Debian package) on a free loopback port.
 * Installs it with apt-get when missing ({@link Apt}); the tests fail, with the reason, when that fails.
 */
final class Microsocks implements AutoCloseable {

    private final Process process;
    private final int port;

    private Microsocks(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static Microsocks start(String user, String password) throws IOException, InterruptedException {
        String binary = findOrInstall();
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(binary, "-i", "127.0.0.1", "-p", Integer.toString(port)));
        if (user != null) {
            cmd.addAll(List.of("-u", user, "-P", password));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return new Microsocks(p, port);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IOException("microsocks did not start listening on port " + port);
    }

    private static String findOrInstall() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "microsocks");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return Apt.ensure(Path.of("/usr/bin/microsocks"), "microsocks").toString();
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
