package io.mtflux.core.crypto;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The client's answer for inputCheckPasswordSRP (docs/protocol.md 7): A as 256 bytes and M1. {@link #toString()}
 * hides M1.
 *
 * @param a pad(A), 256 bytes
 * @param m1 M1, 32 bytes
 */
public record SrpProof(byte[] a, byte[] m1) {

    @Override
    public String toString() {
        return "SrpProof[hidden]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SrpProof other && Arrays.equals(a, other.a) && MessageDigest.isEqual(m1, other.m1);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(a);
    }
}
