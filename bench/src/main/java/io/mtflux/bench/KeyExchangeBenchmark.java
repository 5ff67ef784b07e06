package io.mtflux.bench;

import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.crypto.RsaKeyRing;
import io.mtflux.core.crypto.RsaPrivateKey;
import io.mtflux.core.handshake.ClientHandshake;
import io.mtflux.core.handshake.ClientHandshakeSettings;
import io.mtflux.core.handshake.DhGenOutcome;
import io.mtflux.core.handshake.HandshakeResult;
import io.mtflux.core.internal.server.ServerHandshake;
import io.mtflux.core.internal.server.ServerHandshakeSettings;
import io.mtflux.core.tl.Tl;
import io.mtflux.core.tl.mtproto.ReqDHParams;
import io.mtflux.core.tl.mtproto.ResPQ;
import io.mtflux.core.tl.mtproto.ServerDHParams;
import io.mtflux.core.tl.mtproto.SetClientDHParams;
import io.mtflux.core.tl.mtproto.SetClientDHParamsAnswer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One complete auth-key exchange between the client and server halves in memory (p_q_inner_data_dc, RSA_PAD,
 * Telegram's 2048-bit group), every message through its TL bytes: factoring pq, RSA encrypt and decrypt, four
 * 2048-bit modPows and the envelopes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KeyExchangeBenchmark {

    private RsaPrivateKey serverKey;
    private ClientHandshakeSettings clientSettings;
    private ServerHandshakeSettings serverSettings;

    @Setup
    public void setUp() {
        serverKey = RsaPrivateKey.generateForServer(2048, RandomSource.secure());
        clientSettings = ClientHandshakeSettings.permanent(2).withKeys(RsaKeyRing.of(serverKey.publicKey()));
        serverSettings = ServerHandshakeSettings.of(serverKey);
    }

    @Benchmark
    public HandshakeResult clientAndServerExchange() {
        ClientHandshake client = new ClientHandshake(clientSettings);
        ServerHandshake server = new ServerHandshake(serverSettings, RandomSource.secure(),
            () -> System.currentTimeMillis() / 1000);
        ResPQ resPq = Tl.deserialize(Tl.serialize(server.onReqPq(client.begin())), ResPQ::read);
        byte[] reqDh = Tl.serialize(client.onResPq(resPq));
        ServerDHParams dh = Tl.deserialize(Tl.serialize(server.onReqDhParams(
            (ReqDHParams) Tl.deserialize(reqDh))), ServerDHParams::read);
        byte[] set = Tl.serialize(client.onServerDhParams(dh));
        SetClientDHParamsAnswer answer = Tl.deserialize(Tl.serialize(server.onSetClientDhParams(
            (SetClientDHParams) Tl.deserialize(set))), SetClientDHParamsAnswer::read);
        return ((DhGenOutcome.Done) client.onDhGenAnswer(answer)).result();
    }
}
