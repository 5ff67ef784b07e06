package io.mtflux.core.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * What a client sends to set or change its 2FA password (account.updatePasswordSettings, docs/protocol.md 6.3/7):
 * the algorithm with salt1 extended by 32 client random bytes, and {@code new_password_hash = pad(g^x mod p)}
 * computed with that salt. {@link #toString()} hides the hash.
 *
 * @param salt1 new_algo.salt1 followed by 32 random bytes, to send back in new_algo
 * @param hash new_password_hash, 256 bytes
 */
public record NewPasswordHash(byte[] salt1, byte[] hash) {

    /**
     * Computes the new password hash; the group is checked first (Telegram's prime only, see
     * {@link SrpClient}). CPU-heavy: see {@link #computeAsync}.
     *
     * @param password the new password's UTF-8 bytes
     * @param serverSalt1 new_algo.salt1 from account.password
     * @param salt2 new_algo.salt2
     * @param generator new_algo.g
     * @param prime new_algo.p as received
     * @param random the source of the 32 salt bytes
     * @return the extended salt and the hash
     */
    public static NewPasswordHash compute(byte[] password, byte[] serverSalt1, byte[] salt2, int generator,
                                          byte[] prime, RandomSource random) {
        DhGroup group = SrpClient.acceptedGroup(generator, prime);
        byte[] salt1 = new byte[serverSalt1.length + 32];
        System.arraycopy(serverSalt1, 0, salt1, 0, serverSalt1.length);
        System.arraycopy(random.bytes(32), 0, salt1, serverSalt1.length, 32);
        return new NewPasswordHash(salt1, SrpPasswordHash.verifier(password, salt1, salt2, group));
    }

    /**
     * {@link #compute} on {@code Schedulers.parallel()}.
     *
     * @param password the password bytes
     * @param serverSalt1 new_algo.salt1
     * @param salt2 new_algo.salt2
     * @param generator g
     * @param prime p
     * @param random the randomness
     * @return a cold {@code Mono} of the result
     */
    public static Mono<NewPasswordHash> computeAsync(byte[] password, byte[] serverSalt1, byte[] salt2,
                                                     int generator, byte[] prime, RandomSource random) {
        return Mono.fromCallable(() -> compute(password, serverSalt1, salt2, generator, prime, random))
            .subscribeOn(Schedulers.parallel());
    }

    @Override
    public String toString() {
        return "NewPasswordHash[hidden]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NewPasswordHash other && Arrays.equals(salt1, other.salt1)
            && MessageDigest.isEqual(hash, other.hash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(salt1);
    }
}
