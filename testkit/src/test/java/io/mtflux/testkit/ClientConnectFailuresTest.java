package io.mtflux.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.DcConnectException;
import io.mtflux.core.client.DcOptions;
import io.mtflux.core.client.DcUnreachableException;
import io.mtflux.core.client.HandshakeFailedException;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.crypto.RsaKeyRing;
import io.mtflux.core.rpc.Delay;
import io.mtflux.core.rpc.RpcRetry;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.tl.api.help.HelpGetNearestDc;
import io.mtflux.testsupport.NoiseServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Exceptions;

/**
 * Failures that retrying does not mend end the connect after the configured attempts with a typed error naming the
 * cause, well before the caller's timeout: a server whose RSA key is not a trusted one, a port that answers bytes
 * that are no MTProto, a closed port. The connection keeps trying in the background; a server that comes back is
 * used (transient failures still retry, as the reconnect tests show).
 */
@ExtendWith(TestkitExtension.class)
class ClientConnectFailuresTest {
    /** Far longer than the attempts take: reaching it would be the bug (the caller's timeout, not the cause). */
    private static final Duration CALLER_TIMEOUT = Duration.ofSeconds(60);

    private static MtprotoClient client(DcOptions dcs) {
        return MtprotoClient.create(ClientOptions.builder().apiId(Logins.API_ID).apiHash(Logins.API_HASH)
            .dcOptions(dcs).retry(RpcRetry.none()).maxConnectAttempts(3)
            .reconnectDelay(Delay.exponential(Duration.ofMillis(20), Duration.ofMillis(200)).equalJitter()).build());
    }

    private static Throwable connectFailure(MtprotoClient client) {
        try {
            return Exceptions.unwrap(catchThrowable(() -> client.connect().block(CALLER_TIMEOUT)));
        } finally {
            client.close().block(Duration.ofSeconds(10));
        }
    }

    @Test
    void aServerWithAnotherRsaKeyFailsWithUnknownFingerprint(TestCluster cluster) {
        DcEndpoint dc2 = cluster.dcOptions().endpoint(2).orElseThrow();
        // Telegram's keys: the testkit's key is none of them
        DcOptions wrongKeys = DcOptions.of(cluster.dcOptions().endpoints(), DcOptions.production().rsaKeys(), 2);
        Throwable error = connectFailure(client(wrongKeys));
        assertThat(error).isInstanceOf(HandshakeFailedException.class)
            .hasMessageContaining("DC 2 at " + dc2.host() + ":" + dc2.port())
            .hasMessageContaining("the server's RSA key is not a trusted one");
        HandshakeFailedException failed = (HandshakeFailedException) error;
        assertThat(failed.reason()).isEqualTo(HandshakeFailedException.Reason.UNKNOWN_FINGERPRINT);
        assertThat(failed.dcId()).isEqualTo(2);
        assertThat(failed.port()).isEqualTo(dc2.port());

        // the same cluster with its own key: the connection is made (the failure was the key, not the server)
        MtprotoClient good = client(cluster.dcOptions());
        try {
            assertThat(good.connect().then(good.invoke(new HelpGetNearestDc())).block(CALLER_TIMEOUT)).isNotNull();
        } finally {
            good.close().block(Duration.ofSeconds(10));
        }
    }

    @Test
    void aPortAnsweringRandomBytesFailsWithNotMtproto() throws Exception {
        try (ServerSocket noise = NoiseServer.start()) {
            Throwable error = connectFailure(client(single(noise.getLocalPort(), RsaKeyRing.empty())));
            assertThat(error).isInstanceOf(HandshakeFailedException.class)
                .hasMessageContaining("127.0.0.1:" + noise.getLocalPort())
                .hasMessageContaining("does not speak MTProto");
            assertThat(((HandshakeFailedException) error).reason())
                .isEqualTo(HandshakeFailedException.Reason.NOT_MTPROTO);
        }
    }

    @Test
    void aClosedPortFailsWithTheAddress() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Throwable error = connectFailure(client(single(port, RsaKeyRing.empty())));
        assertThat(error).isInstanceOf(DcUnreachableException.class)
            .hasMessage("DC 2: cannot connect to 127.0.0.1:" + port + ": connection refused");
        DcConnectException unreachable = (DcConnectException) error;
        assertThat(unreachable.host()).isEqualTo("127.0.0.1");
        assertThat(unreachable.port()).isEqualTo(port);
    }

    private static DcOptions single(int port, RsaKeyRing keys) {
        return DcOptions.of(List.of(DcEndpoint.parse(2, "127.0.0.1:" + port)), keys, 2);
    }
}
