package io.mtflux.core.crypto;

import java.math.BigInteger;

/**
 * A Diffie-Hellman group as MTProto uses it: a 2048-bit safe prime p and a small generator g.
 *
 * @param prime p
 * @param generator g (2..7)
 */
public record DhGroup(BigInteger prime, int generator) {

    /**
     * Telegram's 2048-bit prime ({@code C71CAEB9...B92FCC5B}, the dh_prime of every production exchange and of
     * SRP's current_algo) with g = 3, what the fake DC sends: some clients accept nothing else (docs/protocol.md 3.4,
     * 3.7). For this prime the valid generators are 3, 4 and 7.
     */
    public static final DhGroup TELEGRAM = new DhGroup(new BigInteger(
        "c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4dbfa336f6e"
            + "0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f642477fe96bb2a"
            + "941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b410dba74d8a84b2a14"
            + "b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4e418fc15e83ebea0f87f"
            + "a9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3"
            + "b92fcc5b", 16), 3);

    /** @return p as 256 big-endian bytes */
    public byte[] primeBytes() {
        return BigInts.toFixedUnsigned(prime, 256);
    }

    @Override
    public String toString() {
        return "DhGroup[bits=" + prime.bitLength() + ", g=" + generator + "]";
    }
}
