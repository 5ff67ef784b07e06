package io.mtflux.bench;

import io.mtflux.core.crypto.AesIge;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * AES-256-IGE encryption and decryption against the JDK's AES-256-CBC encryption (the bars: IGE encrypt at least
 * 0.8x CBC, IGE decrypt at least 0.8x CBC encrypt at 1 KiB). The baseline, {@code cbcEncryptInPlace}, works in
 * place on the same buffer as IGE does (JCE then copies the input first, which is what a caller working in place
 * pays); {@code cbcEncryptToOther} writes to a second buffer, the JDK's best case, for reference. All of them
 * re-initialise the cipher with an IV on every operation, as one message would; bytes/s is ops/s x size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AesIgeBenchmark {

    @Param({"1024", "1048576"})
    public int size;

    private final AesIge ige = new AesIge();
    private Cipher cbc;
    private SecretKeySpec keySpec;
    private byte[] key;
    private byte[] iv;
    private byte[] data;
    private byte[] other;

    @Setup
    public void setUp() throws Exception {
        SplittableRandom r = new SplittableRandom(1);
        key = new byte[32];
        iv = new byte[32];
        data = new byte[size];
        r.nextBytes(key);
        r.nextBytes(iv);
        r.nextBytes(data);
        other = new byte[size];
        keySpec = new SecretKeySpec(key, "AES");
        cbc = Cipher.getInstance("AES/CBC/NoPadding");
    }

    /** IGE encryption: pre-XOR, one CBC pass per 16 KiB chunk, post-XOR. */
    @Benchmark
    public byte[] igeEncrypt() {
        ige.encryptInPlace(key, iv, data, 0, size);
        return data;
    }

    /** IGE decryption: one ECB block call per 16 bytes. */
    @Benchmark
    public byte[] igeDecrypt() {
        ige.decryptInPlace(key, iv, data, 0, size);
        return data;
    }

    /** The baseline: JCE AES-256-CBC encryption in place, on the same buffer as the IGE benchmarks. */
    @Benchmark
    public byte[] cbcEncryptInPlace() throws Exception {
        cbc.init(Cipher.ENCRYPT_MODE, keySpec, new IvParameterSpec(iv, 0, 16));
        cbc.doFinal(data, 0, size, data, 0);
        return data;
    }

    /** For reference: JCE AES-256-CBC encryption from the buffer into a second one (no copy of the input). */
    @Benchmark
    public byte[] cbcEncryptToOther() throws Exception {
        cbc.init(Cipher.ENCRYPT_MODE, keySpec, new IvParameterSpec(iv, 0, 16));
        cbc.doFinal(data, 0, size, other, 0);
        return other;
    }
}
