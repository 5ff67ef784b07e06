package io.mtflux.store.redis;

import io.mtflux.testservers.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis of its own for the crash test, on a free loopback port and a directory of its own, with the persistence
 * this module's README tells users to configure for sessions ({@code appendonly yes}, {@code appendfsync always}:
 * a save is acknowledged only once it is in the append-only file and fsynced), and no RDB snapshots. It can be
 * killed with SIGKILL and started again on the same port and files.
 */
final class CrashableRedis implements AutoCloseable {
    private final Path binary = TestServers.redisServerBinary();
    private final Path dir;
    private final int port;
    private Process process;

    private CrashableRedis(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static CrashableRedis start(Path dir) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        CrashableRedis redis = new CrashableRedis(dir, port);
        redis.restart();
        return redis;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server (again) on its port and files, and waits until it has loaded them and answers. */
    void restart() throws IOException, InterruptedException {
        process = new ProcessBuilder(List.of(binary.toString(), "--port", Integer.toString(port),
            "--bind", "127.0.0.1", "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "always",
            "--save", ""))
            .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (pong()) {
                return;
            }
            Thread.sleep(20);
        }
        process.destroyForcibly();
        throw new IOException("redis-server did not answer PING on port " + port + " within 30 s (see "
            + dir.resolve("redis.log") + ")");
    }

    /** PING answered with PONG (not -LOADING while it reads the append-only file, not refused). */
    private boolean pong() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] reply = new byte[7];
            int n = in.readNBytes(reply, 0, 7);
            return new String(reply, 0, n, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException notYet) {
            return false;
        }
    }

    /** SIGKILL: the server dies at once, whatever it was doing. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the killed redis-server did not exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while killing redis-server", e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
