package io.mtflux.core.crypto;

import java.math.BigInteger;

/**
 * One side's Diffie-Hellman values: the secret exponent (a or b) and the public value g^secret mod p.
 * {@link #toString()} hides the secret.
 *
 * @param secret the 2048-bit secret exponent
 * @param publicValue g^secret mod p, checked to be in the safe range
 */
public record DhKeyShare(BigInteger secret, BigInteger publicValue) {

    /** @return the public value as minimal big-endian bytes (the g_a / g_b field) */
    public byte[] publicBytes() {
        return BigInts.toMinimalUnsigned(publicValue);
    }

    @Override
    public String toString() {
        return "DhKeyShare[secret=hidden]";
    }
}
