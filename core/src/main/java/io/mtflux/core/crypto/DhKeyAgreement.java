package io.mtflux.core.crypto;

import java.math.BigInteger;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The Diffie-Hellman computations of the key exchange (docs/protocol.md 3.1 steps 7 and 8): picking a 2048-bit secret
 * whose public value is in the safe range, and computing auth_key = peer^secret mod p as 256 bytes. Each is one
 * 2048-bit modPow (milliseconds): callers on an event loop use the {@code Async} variants.
 */
public final class DhKeyAgreement {

    private static final int SECRET_LENGTH = 256;

    private DhKeyAgreement() {
    }

    /**
     * Draws 256 random bytes as the secret until g^secret mod p passes
     * {@link DhChecks#checkPublicValue} (almost always the first time).
     *
     * @param group p and g
     * @param random the randomness (256 bytes per attempt)
     * @return the key share
     */
    public static DhKeyShare generate(DhGroup group, RandomSource random) {
        BigInteger g = BigInteger.valueOf(group.generator());
        while (true) {
            BigInteger secret = BigInts.fromUnsigned(random.bytes(SECRET_LENGTH));
            BigInteger publicValue = g.modPow(secret, group.prime());
            try {
                DhChecks.checkPublicValue(publicValue, group.prime());
                return new DhKeyShare(secret, publicValue);
            } catch (MtprotoSecurityException outOfRange) {
                // Draw again: a value this close to 1 or p-1 would leak the secret's subgroup.
            }
        }
    }

    /**
     * {@link #generate} on {@code Schedulers.parallel()}.
     *
     * @param group p and g
     * @param random the randomness
     * @return a cold {@code Mono} of the key share
     */
    public static Mono<DhKeyShare> generateAsync(DhGroup group, RandomSource random) {
        return Mono.fromCallable(() -> generate(group, random)).subscribeOn(Schedulers.parallel());
    }

    /**
     * Checks the peer's public value and computes the shared auth_key.
     *
     * @param own this side's key share
     * @param peerPublic g_a (client side) or g_b (server side)
     * @param prime dh_prime
     * @return the 256-byte auth_key, big-endian, left-padded with zeros
     * @throws MtprotoSecurityException with {@link SecurityFailure#DH_VALUE_OUT_OF_RANGE}
     */
    public static AuthKey sharedKey(DhKeyShare own, BigInteger peerPublic, BigInteger prime) {
        DhChecks.checkPublicValue(peerPublic, prime);
        return AuthKey.of(BigInts.toFixedUnsigned(peerPublic.modPow(own.secret(), prime), AuthKey.LENGTH));
    }

    /**
     * {@link #sharedKey} on {@code Schedulers.parallel()}.
     *
     * @param own this side's key share
     * @param peerPublic the peer's public value
     * @param prime dh_prime
     * @return a cold {@code Mono} of the auth key
     */
    public static Mono<AuthKey> sharedKeyAsync(DhKeyShare own, BigInteger peerPublic, BigInteger prime) {
        return Mono.fromCallable(() -> sharedKey(own, peerPublic, prime)).subscribeOn(Schedulers.parallel());
    }
}
