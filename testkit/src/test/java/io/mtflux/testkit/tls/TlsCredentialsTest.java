package io.mtflux.testkit.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Self-signed certificates for loopback, PEM in and out, and a key that never shows. */
class TlsCredentialsTest {

    private static TlsCredentials credentials;

    @BeforeAll
    static void make() {
        credentials = TlsCredentials.selfSigned(List.of("10.1.2.3", "dc.example"));
    }

    @Test
    void selfSignedNamesLoopbackAndTheGivenNames() throws Exception {
        X509Certificate cert = credentials.certificate();
        cert.checkValidity(new Date());
        cert.checkValidity(Date.from(Instant.now().plusSeconds(300L * 24 * 3600)));
        cert.verify(cert.getPublicKey());
        // (type 2 = DNS name, 7 = IP address): what host-name checks read
        assertThat(cert.getSubjectAlternativeNames()).extracting(n -> n.get(0) + " " + n.get(1))
            .containsExactlyInAnyOrder("2 localhost", "7 127.0.0.1", "7 0:0:0:0:0:0:0:1", "7 10.1.2.3",
                "2 dc.example");
        assertThat(cert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
        assertThat(credentials.serverContext().isServer()).isTrue();
    }

    @Test
    void pemRoundTripsWithPkcs8Keys() {
        String keyPem = "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(credentials.privateKey().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
        String certPem = credentials.certificatePem();
        assertThat(certPem).startsWith("-----BEGIN CERTIFICATE-----");
        TlsCredentials read = TlsCredentials.fromPem(certPem, keyPem);
        assertThat(read.certificate()).isEqualTo(credentials.certificate());
        assertThat(read.privateKey()).isEqualTo(credentials.privateKey());
    }

    @Test
    void theKeyNeverShows() {
        String encoded = Base64.getEncoder().encodeToString(credentials.privateKey().getEncoded());
        assertThat(credentials.toString()).contains("mtflux testkit", "EC").doesNotContain(encoded.substring(0, 20));
        String badKey = "-----BEGIN PRIVATE KEY-----\nAAAAsecretsecretsecret\n-----END PRIVATE KEY-----\n";
        assertThatThrownBy(() -> TlsCredentials.fromPem(credentials.certificatePem(), badKey))
            .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("secret");
        assertThatThrownBy(() -> TlsCredentials.fromPem("not a certificate", badKey))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("certificate");
        assertThatThrownBy(() -> TlsCredentials.fromPem(credentials.certificatePem(), credentials.certificatePem()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("private key");
    }
}
