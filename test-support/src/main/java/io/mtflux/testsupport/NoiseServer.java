package io.mtflux.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A loopback port that speaks no MTProto: it accepts connections and streams random bytes at each until the peer
 * goes away. Closing the returned socket stops it. For the tests of a client's connect failures.
 */
public final class NoiseServer {
    private NoiseServer() {
    }

    /**
     * Starts the server on a free loopback port.
     *
     * @return its socket (the port is {@link ServerSocket#getLocalPort()}); close it to stop
     * @throws IOException when no port can be bound
     */
    public static ServerSocket start() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread writer = new Thread(() -> noise(socket), "random bytes to " + socket.getPort());
                    writer.setDaemon(true);
                    writer.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "random bytes server");
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    private static void noise(Socket socket) {
        byte[] chunk = new byte[16 * 1024];
        try (socket; OutputStream out = socket.getOutputStream()) {
            while (true) {
                ThreadLocalRandom.current().nextBytes(chunk);
                out.write(chunk);
            }
        } catch (IOException e) {
            // the client closed the connection
        }
    }
}
