package io.mtflux.core.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Objects;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * An RSA private key for the server half of the key exchange: textbook decryption {@code c^d mod n} with
 * {@link BigInteger#modPow}, using the CRT when the prime factors are known (about 3x faster).
 *
 * <p>Immutable. {@link #toString()} shows only the public fingerprint.
 */
public final class RsaPrivateKey {

    private final RsaPublicKey publicKey;
    private final BigInteger d;
    private final BigInteger p;
    private final BigInteger q;
    private final BigInteger dp;
    private final BigInteger dq;
    private final BigInteger qInv;

    private RsaPrivateKey(BigInteger n, BigInteger e, BigInteger d, BigInteger p, BigInteger q) {
        this.publicKey = RsaPublicKey.of(n, e);
        this.d = d;
        if (p != null && q != null) {
            if (!p.multiply(q).equals(n)) {
                throw new IllegalArgumentException("p * q != n");
            }
            this.p = p;
            this.q = q;
            this.dp = d.mod(p.subtract(BigInteger.ONE));
            this.dq = d.mod(q.subtract(BigInteger.ONE));
            this.qInv = q.modInverse(p);
        } else {
            this.p = null;
            this.q = null;
            this.dp = null;
            this.dq = null;
            this.qInv = null;
        }
    }

    /**
     * A key from its components.
     *
     * @param n modulus
     * @param e public exponent
     * @param d private exponent
     * @param p first prime factor, or null
     * @param q second prime factor, or null
     * @return the key
     */
    public static RsaPrivateKey of(BigInteger n, BigInteger e, BigInteger d, BigInteger p, BigInteger q) {
        Objects.requireNonNull(d, "d");
        return new RsaPrivateKey(n, e, d, p, q);
    }

    /**
     * Parses a PKCS#1 {@code RSA PRIVATE KEY} or PKCS#8 {@code PRIVATE KEY} PEM.
     *
     * @param pem the PEM text
     * @return the key
     */
    public static RsaPrivateKey fromPem(String pem) {
        return RsaPem.readPrivateKey(pem);
    }

    /**
     * Generates an RSA key (e = 65537) for a server. CPU-heavy (hundreds of milliseconds): see
     * {@link #generateForServerAsync}.
     *
     * <p>Keys whose fingerprint has a zero top hex nibble are skipped: mtcute cannot look such keys up
     * (docs/interop-notes.md 3), and one key in 16 would otherwise hit that.
     *
     * @param bits modulus size; MTProto uses 2048
     * @param random the randomness
     * @return the key
     */
    public static RsaPrivateKey generateForServer(int bits, RandomSource random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4),
                RandomSourceSecureRandom.of(random));
            while (true) {
                KeyPair pair = generator.generateKeyPair();
                RSAPrivateCrtKey k = (RSAPrivateCrtKey) pair.getPrivate();
                RsaPrivateKey key = new RsaPrivateKey(k.getModulus(), k.getPublicExponent(), k.getPrivateExponent(),
                    k.getPrimeP(), k.getPrimeQ());
                if (key.publicKey.fingerprint() >>> 60 != 0) {
                    return key;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation unavailable", e);
        }
    }

    /**
     * {@link #generateForServer} on {@code Schedulers.parallel()}.
     *
     * @param bits modulus size
     * @param random the randomness
     * @return a cold {@code Mono} of the key
     */
    public static Mono<RsaPrivateKey> generateForServerAsync(int bits, RandomSource random) {
        return Mono.fromCallable(() -> generateForServer(bits, random)).subscribeOn(Schedulers.parallel());
    }

    /** @return this key as a PKCS#1 PEM (a secret) */
    public String toPem() {
        return RsaPem.writePrivateKey(this);
    }

    /** @return the matching public key */
    public RsaPublicKey publicKey() {
        return publicKey;
    }

    /** @return n */
    public BigInteger modulus() {
        return publicKey.modulus();
    }

    /** @return e */
    public BigInteger publicExponent() {
        return publicKey.exponent();
    }

    BigInteger privateExponent() {
        return d;
    }

    BigInteger primeP() {
        return p;
    }

    BigInteger primeQ() {
        return q;
    }

    /**
     * Textbook RSA decryption {@code c^d mod n} as exactly {@code modulusLength} big-endian bytes. CPU-heavy
     * (about a millisecond): callers on an event loop use {@link #decryptAsync}.
     *
     * @param ciphertext unsigned big-endian, at most modulusLength bytes
     * @return the decrypted block
     * @throws MtprotoSecurityException with {@link SecurityFailure#RSA_VALUE_OUT_OF_RANGE} if c >= n or the
     *     ciphertext is longer than the modulus
     */
    public byte[] decrypt(byte[] ciphertext) {
        int length = publicKey.modulusLength();
        if (ciphertext.length > length) {
            throw new MtprotoSecurityException(SecurityFailure.RSA_VALUE_OUT_OF_RANGE,
                ciphertext.length + " bytes for a " + length + "-byte modulus");
        }
        BigInteger c = BigInts.fromUnsigned(ciphertext);
        BigInteger n = publicKey.modulus();
        if (c.compareTo(n) >= 0) {
            throw new MtprotoSecurityException(SecurityFailure.RSA_VALUE_OUT_OF_RANGE, "ciphertext not below modulus");
        }
        BigInteger m;
        if (p != null) {
            BigInteger m1 = c.modPow(dp, p);
            BigInteger m2 = c.modPow(dq, q);
            BigInteger h = qInv.multiply(m1.subtract(m2)).mod(p);
            m = m2.add(h.multiply(q));
        } else {
            m = c.modPow(d, n);
        }
        return BigInts.toFixedUnsigned(m, length);
    }

    /**
     * {@link #decrypt} on {@code Schedulers.parallel()}.
     *
     * @param ciphertext the ciphertext
     * @return a cold {@code Mono} of the decrypted block
     */
    public Mono<byte[]> decryptAsync(byte[] ciphertext) {
        return Mono.fromCallable(() -> decrypt(ciphertext)).subscribeOn(Schedulers.parallel());
    }

    @Override
    public String toString() {
        return "RsaPrivateKey[fingerprint=0x" + Long.toHexString(publicKey.fingerprint()) + "]";
    }
}
