package io.mtflux.core.crypto;

import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * IGE decryption with each XOR done on one 16-byte vector (the incubating Vector API of Java 17): the next AES
 * input is written with a single 16-byte store, which the AES intrinsic's 16-byte load takes straight from the
 * store buffer. Written as two 8-byte halves (the plain path in {@link AesIge}), that load has to wait for both
 * stores to reach the cache, about 5 ns per block. Used only when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} ({@link AesIge#vectorDecryption()}); compiled on its own, with the
 * module, from {@code src/main/java-incubator} (core/pom.xml).
 */
final class IgeVectorDecryption {
    private static final VectorSpecies<Byte> BLOCK = ByteVector.SPECIES_128;

    private IgeVectorDecryption() {
    }

    /**
     * {@code p_i = D(c_i ^ p_{i-1}) ^ c_{i-1}} over {@code data[offset, offset + length)}, in place.
     *
     * @param ecb the AES decryption, initialised with the key
     * @param blockIn scratch block: the AES input
     * @param blockOut scratch block: the AES output
     * @param iv c_0 then p_0
     * @param data the buffer
     * @param offset start of the range
     * @param length a multiple of 16
     * @throws ShortBufferException never: the scratch blocks hold 16 bytes
     */
    static void decrypt(Cipher ecb, byte[] blockIn, byte[] blockOut, byte[] iv, byte[] data, int offset, int length)
        throws ShortBufferException {
        ByteVector previousCipher = ByteVector.fromArray(BLOCK, iv, 0);
        ByteVector previousPlain = ByteVector.fromArray(BLOCK, iv, 16);
        for (int at = offset, end = offset + length; at < end; at += 16) {
            ByteVector cipher = ByteVector.fromArray(BLOCK, data, at);
            cipher.lanewise(VectorOperators.XOR, previousPlain).intoArray(blockIn, 0);
            ecb.update(blockIn, 0, 16, blockOut, 0);
            previousPlain = ByteVector.fromArray(BLOCK, blockOut, 0).lanewise(VectorOperators.XOR, previousCipher);
            previousPlain.intoArray(data, at);
            previousCipher = cipher;
        }
    }
}
