package io.mtflux.bench;

import io.mtflux.core.crypto.DhGroup;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.crypto.SrpClient;
import io.mtflux.core.crypto.SrpProof;
import io.mtflux.core.internal.server.SrpServer;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
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
 * The SRP client proof (PBKDF2-HMAC-SHA512 with 100000 iterations plus three 2048-bit modPows) against a bare
 * JDK PBKDF2-HMAC-SHA512 of 100000 iterations; the bar is a ratio of at most 1.2.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SrpBenchmark {

    private static final byte[] PASSWORD = "correct horse battery staple".getBytes();
    private final byte[] salt1 = new byte[40];
    private final byte[] salt2 = new byte[16];
    private byte[] srpB;
    private SecretKeyFactory pbkdf2;

    @Setup
    public void setUp() throws Exception {
        SrpServer server = SrpServer.fromPassword(PASSWORD, salt1, salt2, DhGroup.TELEGRAM);
        srpB = server.challenge(RandomSource.secure()).srpB();
        pbkdf2 = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512");
    }

    @Benchmark
    public SrpProof srpClientProof() {
        return SrpClient.computeProof(PASSWORD, salt1, salt2, 3, DhGroup.TELEGRAM.primeBytes(), srpB,
            RandomSource.secure());
    }

    @Benchmark
    public byte[] barePbkdf2HmacSha512() throws Exception {
        return pbkdf2.generateSecret(new PBEKeySpec("0123456789abcdef0123456789abcdef".toCharArray(), salt1,
            100_000, 512)).getEncoded();
    }
}
