package io.mtflux.bench;

import io.mtflux.core.crypto.PqFactorizer;
import io.mtflux.core.crypto.PqFactors;
import java.math.BigInteger;
import java.util.Random;
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

/** Factoring real-sized pq (two random 31/32-bit primes), cycling through 64 precomputed values (us/op). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PqFactorizerBenchmark {

    private final long[] values = new long[64];
    private int next;

    @Setup
    public void setUp() {
        Random r = new Random(7);
        for (int i = 0; i < values.length; i++) {
            values[i] = BigInteger.probablePrime(31, r).multiply(BigInteger.probablePrime(32, r)).longValue();
        }
    }

    @Benchmark
    public PqFactors factorRealSizedPq() {
        long pq = values[next++ & 63];
        return PqFactorizer.factor(pq);
    }
}
