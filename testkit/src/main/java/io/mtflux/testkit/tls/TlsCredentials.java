package io.mtflux.testkit.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * A server certificate and its private key, for the testkit's {@code wss://} endpoints. {@link #selfSigned} makes
 * one for loopback (a client trusts it as its only anchor: Java with {@code trustManager(certificate)}, Node.js
 * with {@code NODE_EXTRA_CA_CERTS}); {@link #fromPem} reads one. The private key never appears in
 * {@link #toString()} or an exception message.
 *
 * @param certificate the server certificate (self-signed, or issued by a CA the clients trust)
 * @param privateKey its private key
 */
public record TlsCredentials(X509Certificate certificate, PrivateKey privateKey) {

    /** How long a self-signed certificate is valid (from a day before it was made). */
    private static final Duration VALIDITY = Duration.ofDays(365);

    /**
     * Checks that both parts are set.
     *
     * @param certificate the server certificate
     * @param privateKey its private key
     * @throws NullPointerException if either is null
     */
    public TlsCredentials {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /**
     * A fresh self-signed certificate (ECDSA P-256, SHA-256) for {@code localhost}, {@code 127.0.0.1}, {@code ::1}
     * and the given names, each an IP address or a DNS name in the subject alternative names, as host-name checks
     * (Java's, Node's) read them. CPU work and the system's secure random: call it off the event loops.
     *
     * @param names more host names or addresses the certificate must be valid for (e.g. the cluster's host)
     * @return the credentials
     */
    public static TlsCredentials selfSigned(List<String> names) {
        Set<String> all = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        all.addAll(names);
        List<GeneralName> alternatives = new ArrayList<>();
        for (String name : all) {
            alternatives.add(new GeneralName(IPAddress.isValid(name) ? GeneralName.iPAddress : GeneralName.dNSName,
                name));
        }
        try {
            SecureRandom random = new SecureRandom();
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=mtflux testkit");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                new BigInteger(64, random).add(BigInteger.ONE), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
            // its own anchor: a CA certificate that also serves, as `openssl req -x509` makes them
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign));
            builder.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(alternatives.toArray(new GeneralName[0])));
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(pair.getPrivate()));
            return new TlsCredentials(new JcaX509CertificateConverter().getCertificate(holder), pair.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make a self-signed certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a certificate and its private key from PEM text.
     *
     * @param certificatePem a {@code CERTIFICATE} (the first one is the server's)
     * @param privateKeyPem an unencrypted {@code PRIVATE KEY} (PKCS#8), {@code RSA PRIVATE KEY} or
     *     {@code EC PRIVATE KEY}
     * @return the credentials
     * @throws IllegalArgumentException when either cannot be read; the message never quotes the key
     */
    public static TlsCredentials fromPem(String certificatePem, String privateKeyPem) {
        X509Certificate certificate;
        try (PEMParser parser = new PEMParser(new StringReader(certificatePem))) {
            Object object = parser.readObject();
            if (!(object instanceof X509CertificateHolder holder)) {
                throw new IllegalArgumentException("no PEM certificate (BEGIN CERTIFICATE) found");
            }
            certificate = new JcaX509CertificateConverter().getCertificate(holder);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("not a readable PEM certificate (" + e.getClass().getSimpleName() + ")");
        }
        PrivateKey key;
        try (PEMParser parser = new PEMParser(new StringReader(privateKeyPem))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PEMKeyPair pair) {
                key = converter.getPrivateKey(pair.getPrivateKeyInfo());
            } else if (object instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo info) {
                key = converter.getPrivateKey(info);
            } else {
                throw new IllegalArgumentException("no unencrypted PEM private key found (PRIVATE KEY, RSA PRIVATE KEY"
                    + " or EC PRIVATE KEY)");
            }
        } catch (IOException e) {
            // the parser's message may quote the input: name the failure only
            throw new IllegalArgumentException("not a readable PEM private key (" + e.getClass().getSimpleName() + ")");
        }
        return new TlsCredentials(certificate, key);
    }

    /**
     * The certificate as PEM text (what a client is given to trust).
     *
     * @return a {@code -----BEGIN CERTIFICATE-----} block
     */
    public String certificatePem() {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(certificate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * A Netty server TLS context with these credentials. Building one reads the JDK's security settings from
     * files: call it off the event loops.
     *
     * @return the context
     * @throws IllegalArgumentException when the key does not fit the certificate or is of an unsupported kind
     */
    public SslContext serverContext() {
        try {
            return SslContextBuilder.forServer(privateKey, certificate).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot serve TLS with this certificate and key ("
                + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public String toString() {
        return "TlsCredentials[" + certificate.getSubjectX500Principal().getName() + ", key "
            + privateKey.getAlgorithm() + "]";
    }
}
