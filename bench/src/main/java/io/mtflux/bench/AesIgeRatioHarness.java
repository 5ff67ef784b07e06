package io.mtflux.bench;

import io.mtflux.core.crypto.AesIge;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@link AesIgeBenchmark}'s four operations timed in interleaved slices on one thread, for a shared, loaded
 * machine where JMH's wall-clock iterations swing by 2x or more: each round runs IGE encrypt, IGE decrypt, JCE
 * AES-256-CBC encrypt in place on the same buffer (the baseline) and CBC into a second buffer, one slice each
 * (the order rotates every round), each slice a fixed amount of this thread's CPU time
 * ({@link ThreadMXBean#getCurrentThreadCpuTime()}, so time spent waiting for a core does not count). Prints per
 * size the median ns per 16-byte block of each operation and the median and range of the per-round ratios
 * against CBC in place (bars: IGE encrypt and IGE decrypt at least 0.8x at 1 KiB).
 *
 * <p>Run: {@code java -cp bench/target/mtflux-bench.jar io.mtflux.bench.AesIgeRatioHarness [rounds [slice ms]]}
 * (default 30 rounds of 100 ms slices, after 5 unmeasured rounds); with {@code --add-modules jdk.incubator.vector}
 * IGE decryption takes its vector path ({@link AesIge#vectorDecryption()}).
 */
public final class AesIgeRatioHarness {
    private static final String[] NAMES = {"IGE encrypt", "IGE decrypt", "CBC encrypt in place", "CBC to other"};
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final AesIge ige = new AesIge();
    private final byte[] key = new byte[32];
    private final byte[] iv = new byte[32];
    private final SecretKeySpec keySpec;
    private final Cipher cbc;
    private final byte[] data;
    private final byte[] other;

    private AesIgeRatioHarness(int size) throws GeneralSecurityException {
        SplittableRandom r = new SplittableRandom(1);
        r.nextBytes(key);
        r.nextBytes(iv);
        data = new byte[size];
        other = new byte[size];
        r.nextBytes(data);
        keySpec = new SecretKeySpec(key, "AES");
        cbc = Cipher.getInstance("AES/CBC/NoPadding");
    }

    public static void main(String[] args) throws GeneralSecurityException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        long sliceNanos = (args.length > 1 ? Long.parseLong(args[1]) : 100) * 1_000_000L;
        System.out.println("IGE decryption: " + (AesIge.vectorDecryption()
            ? "on 16-byte vectors (the JVM has jdk.incubator.vector)" : "plain (run with --add-modules "
            + "jdk.incubator.vector for the vector path)"));
        for (int size : new int[] {1024, 1 << 20}) {
            AesIgeRatioHarness h = new AesIgeRatioHarness(size);
            int blocks = size / 16;
            double[][] nsPerBlock = new double[NAMES.length][rounds];
            for (int round = -5; round < rounds; round++) {
                for (int k = 0; k < NAMES.length; k++) {
                    int op = (k + Math.max(round, 0)) % NAMES.length;
                    double ns = h.slice(op, sliceNanos) / blocks;
                    if (round >= 0) {
                        nsPerBlock[op][round] = ns;
                    }
                }
            }
            System.out.printf("%n%d bytes, %d rounds of %d ms CPU per operation (ns per 16-byte block; "
                + "ratio = CBC in place time / operation time, per round)%n", size, rounds, sliceNanos / 1_000_000);
            System.out.printf("%-22s %10s %10s %20s%n", "operation", "ns/block", "MB/s", "vs CBC in place");
            for (int op = 0; op < NAMES.length; op++) {
                double[] ratios = new double[rounds];
                for (int round = 0; round < rounds; round++) {
                    ratios[round] = nsPerBlock[2][round] / nsPerBlock[op][round];
                }
                double ns = median(nsPerBlock[op]);
                System.out.printf("%-22s %10.1f %10.0f %8.2fx (%.2f..%.2f)%n", NAMES[op], ns, 16e3 / ns,
                    median(ratios), Arrays.stream(ratios).min().orElse(0), Arrays.stream(ratios).max().orElse(0));
            }
        }
    }

    /** Runs operation {@code op} for about {@code cpuNanos} of this thread's CPU; returns CPU ns per operation. */
    private double slice(int op, long cpuNanos) throws GeneralSecurityException {
        long start = CPU.getCurrentThreadCpuTime();
        long now = start;
        long ops = 0;
        while (now - start < cpuNanos) {
            int batch = data.length >= 65536 ? 1 : 16;
            for (int i = 0; i < batch; i++) {
                run(op);
            }
            ops += batch;
            now = CPU.getCurrentThreadCpuTime();
        }
        return (double) (now - start) / ops;
    }

    private void run(int op) throws GeneralSecurityException {
        switch (op) {
            case 0 -> ige.encryptInPlace(key, iv, data, 0, data.length);
            case 1 -> ige.decryptInPlace(key, iv, data, 0, data.length);
            case 2 -> {
                cbc.init(Cipher.ENCRYPT_MODE, keySpec, new IvParameterSpec(iv, 0, 16));
                cbc.doFinal(data, 0, data.length, data, 0);
            }
            default -> {
                cbc.init(Cipher.ENCRYPT_MODE, keySpec, new IvParameterSpec(iv, 0, 16));
                cbc.doFinal(data, 0, data.length, other, 0);
            }
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
