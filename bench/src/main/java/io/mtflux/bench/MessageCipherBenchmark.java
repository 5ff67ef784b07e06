package io.mtflux.bench;

import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.crypto.DecryptedMessage;
import io.mtflux.core.crypto.MessageCipher;
import io.mtflux.core.crypto.MessageDirection;
import io.mtflux.core.crypto.RandomSource;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * A full MTProto 2.0 round: encrypt a message (random padding, msg_key, KDF, IGE) and decrypt and verify it
 * (KDF, IGE, msg_key, bounds), for a 256-byte and a 64 KiB message body.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MessageCipherBenchmark {

    @Param({"256", "65536"})
    public int bodySize;

    private MessageCipher cipher;
    private byte[] plaintext;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(2);
        byte[] key = new byte[256];
        r.nextBytes(key);
        cipher = new MessageCipher(AuthKey.of(key), RandomSource.secure());
        plaintext = new byte[32 + bodySize];
        r.nextBytes(plaintext);
        plaintext[28] = (byte) bodySize;
        plaintext[29] = (byte) (bodySize >>> 8);
        plaintext[30] = (byte) (bodySize >>> 16);
        plaintext[31] = 0;
    }

    @Benchmark
    public DecryptedMessage encryptThenDecrypt() {
        byte[] packet = cipher.encrypt(MessageDirection.CLIENT_TO_SERVER, plaintext);
        return cipher.decrypt(MessageDirection.CLIENT_TO_SERVER, packet);
    }
}
