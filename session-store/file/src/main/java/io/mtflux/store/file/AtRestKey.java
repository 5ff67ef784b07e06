package io.mtflux.store.file;

import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** An AES-256 key derived with Argon2id from the passphrase and a salt. Never printed. */
record AtRestKey(byte[] salt, Argon2Params params, byte[] key) {

    static AtRestKey derive(char[] passphrase, byte[] salt, Argon2Params params) {
        Argon2Parameters p = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withSalt(salt)
            .withMemoryAsKB(params.memoryKiB())
            .withIterations(params.iterations())
            .withParallelism(params.parallelism())
            .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(p);
        byte[] key = new byte[32];
        generator.generateBytes(passphrase, key);
        return new AtRestKey(salt.clone(), params, key);
    }

    boolean matches(byte[] otherSalt, Argon2Params otherParams) {
        return Arrays.equals(salt, otherSalt) && params.equals(otherParams);
    }

    @Override
    public String toString() {
        return "AtRestKey{" + params + "}";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AtRestKey k && Arrays.equals(salt, k.salt) && params.equals(k.params);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(salt);
    }
}
