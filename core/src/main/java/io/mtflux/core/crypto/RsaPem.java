package io.mtflux.core.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * PEM reading and writing of RSA keys with BouncyCastle's ASN.1 classes (the JDK has no PKCS#1 codec).
 *
 * <p>Public keys: PKCS#1 {@code RSA PUBLIC KEY} (how Telegram publishes its keys) and X.509
 * {@code PUBLIC KEY}; written as PKCS#1. Private keys (the testkit's server key): PKCS#1
 * {@code RSA PRIVATE KEY} and PKCS#8 {@code PRIVATE KEY}; written as PKCS#1. Works on in-memory text only:
 * reading files is the caller's (blocking) business.
 */
public final class RsaPem {

    private static final String PKCS1_PUBLIC = "RSA PUBLIC KEY";
    private static final String X509_PUBLIC = "PUBLIC KEY";
    private static final String PKCS1_PRIVATE = "RSA PRIVATE KEY";
    private static final String PKCS8_PRIVATE = "PRIVATE KEY";

    private RsaPem() {
    }

    /**
     * Reads a public key.
     *
     * @param pem PEM text holding an {@code RSA PUBLIC KEY} or {@code PUBLIC KEY} block
     * @return the key
     * @throws IllegalArgumentException if the text holds no such key
     */
    public static RsaPublicKey readPublicKey(String pem) {
        PemObject object = read(pem);
        RSAPublicKey asn1;
        try {
            asn1 = switch (object.getType()) {
                case PKCS1_PUBLIC -> RSAPublicKey.getInstance(object.getContent());
                case X509_PUBLIC -> RSAPublicKey.getInstance(
                    SubjectPublicKeyInfo.getInstance(object.getContent()).parsePublicKey());
                default -> null;
            };
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("malformed RSA public key", e);
        }
        if (asn1 == null) {
            throw new IllegalArgumentException("not a public key PEM: " + object.getType());
        }
        return RsaPublicKey.of(asn1.getModulus(), asn1.getPublicExponent());
    }

    /**
     * Writes a public key as PKCS#1 {@code RSA PUBLIC KEY}.
     *
     * @param key the key
     * @return the PEM text
     */
    public static String writePublicKey(RsaPublicKey key) {
        try {
            return write(PKCS1_PUBLIC, new RSAPublicKey(key.modulus(), key.exponent()).getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a private key.
     *
     * @param pem PEM text holding an {@code RSA PRIVATE KEY} or {@code PRIVATE KEY} block
     * @return the key
     * @throws IllegalArgumentException if the text holds no such key (the message never quotes it)
     */
    public static RsaPrivateKey readPrivateKey(String pem) {
        PemObject object = read(pem);
        RSAPrivateKey asn1;
        try {
            asn1 = switch (object.getType()) {
                case PKCS1_PRIVATE -> RSAPrivateKey.getInstance(object.getContent());
                case PKCS8_PRIVATE -> RSAPrivateKey.getInstance(
                    PrivateKeyInfo.getInstance(object.getContent()).parsePrivateKey());
                default -> null;
            };
        } catch (IOException | RuntimeException e) {
            // Deliberately no cause: parser messages could quote key bytes.
            throw new IllegalArgumentException("malformed RSA private key");
        }
        if (asn1 == null) {
            throw new IllegalArgumentException("not a private key PEM: " + object.getType());
        }
        return RsaPrivateKey.of(asn1.getModulus(), asn1.getPublicExponent(), asn1.getPrivateExponent(),
            asn1.getPrime1(), asn1.getPrime2());
    }

    /**
     * Writes a private key as PKCS#1 {@code RSA PRIVATE KEY}.
     *
     * @param key a key with its CRT factors
     * @return the PEM text (a secret: never log it)
     */
    public static String writePrivateKey(RsaPrivateKey key) {
        BigInteger p = key.primeP();
        BigInteger q = key.primeQ();
        if (p == null || q == null) {
            throw new IllegalArgumentException("PKCS#1 needs the prime factors of the key");
        }
        BigInteger d = key.privateExponent();
        RSAPrivateKey asn1 = new RSAPrivateKey(key.modulus(), key.publicExponent(), d, p, q,
            d.mod(p.subtract(BigInteger.ONE)), d.mod(q.subtract(BigInteger.ONE)), q.modInverse(p));
        try {
            return write(PKCS1_PRIVATE, asn1.getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PemObject read(String pem) {
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            PemObject object = reader.readPemObject();
            if (object == null) {
                throw new IllegalArgumentException("no PEM block found");
            }
            return object;
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed PEM");
        }
    }

    private static String write(String type, byte[] der) throws IOException {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        }
        return out.toString();
    }
}
