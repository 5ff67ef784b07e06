package io.mtflux.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.DcOptions;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.crypto.RsaPem;
import io.mtflux.core.crypto.RsaPublicKey;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.tl.api.NearestDc;
import io.mtflux.core.tl.api.help.HelpGetNearestDc;
import io.mtflux.testkit.cli.JsonLines;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link TestkitReadyLine}: the jar's first line read back into {@code DcOptions}, and every way a line is bad. */
class TestkitReadyLineTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    // any odd modulus will do where only the PEM and the fingerprint matter
    private static final RsaPublicKey KEY = RsaPublicKey.of(BigInteger.ONE.shiftLeft(2047)
        .add(BigInteger.valueOf(12345)), BigInteger.valueOf(65537));
    private static final String PEM = JsonLines.quote(RsaPem.writePublicKey(KEY));
    private static final String FINGERPRINT = "\"" + KEY.fingerprint() + "\"";

    @Test
    void aRunningClustersLineGivesOptionsAClientConnectsWith() {
        TestCluster cluster = Testkit.cluster().dcs(3).selfSignedTls().start().block(TIMEOUT);
        MtprotoClient client = null;
        try {
            TestkitReadyLine line = TestkitReadyLine.parse(JsonLines.ready(cluster) + "\n");
            assertThat(line.endpoints()).isEqualTo(cluster.endpoints());
            assertThat(line.rsaPublicKey()).isEqualTo(cluster.rsaKey().publicKey());
            assertThat(line.webSocketPath()).contains("/apiws");
            assertThat(line.tlsCertificatePem()).isEqualTo(cluster.tlsCertificatePem());
            assertThat(line.tlsCertificate()).isEqualTo(cluster.tlsCertificate());
            DcOptions options = line.dcOptions();
            assertThat(options.endpoints()).isEqualTo(cluster.dcOptions().endpoints());
            assertThat(options.defaultDc()).isEqualTo(cluster.dcOptions().defaultDc()).isEqualTo(2);
            assertThat(options.rsaKeys().keys()).containsExactly(cluster.rsaKey().publicKey());
            assertThat(options.testMode()).isFalse();

            client = MtprotoClient.create(ClientOptions.builder().apiId(1).apiHash("x").dcOptions(line.dcOptions(3))
                .build());
            client.connect().block(TIMEOUT);
            assertThat(((NearestDc) client.invoke(new HelpGetNearestDc()).block(TIMEOUT)).thisDc()).isEqualTo(3);
        } finally {
            if (client != null) {
                client.close().block(TIMEOUT);
            }
            cluster.stop().block(TIMEOUT);
        }
    }

    @Test
    void readsTheLineJsonLinesWritesWithAndWithoutTheLaterFields() {
        List<DcEndpoint> dcs = List.of(DcEndpoint.of(1, "127.0.0.1", 40001), DcEndpoint.of(2, "::1", 40002),
            DcEndpoint.of(3, "dc3.example", 40003));
        TestkitReadyLine plain = TestkitReadyLine.parse(JsonLines.ready(dcs, KEY));
        assertThat(plain.endpoints()).isEqualTo(dcs);
        assertThat(plain.rsaPublicKey()).isEqualTo(KEY);
        assertThat(plain.webSocketPath()).isEmpty();
        assertThat(plain.tlsCertificatePem()).isEmpty();
        assertThat(plain.tlsCertificate()).isEmpty();
        assertThat(plain.toString()).contains("2=::1:40002").contains(Long.toString(KEY.fingerprint()));

        TestkitReadyLine ws = TestkitReadyLine.parse(JsonLines.ready(dcs, KEY, "/apiws", null));
        assertThat(ws.webSocketPath()).contains("/apiws");
        assertThat(ws.tlsCertificate()).isEmpty();
    }

    @Test
    void startsOnDcTwoWhenListedElseOnTheFirstDc() {
        TestkitReadyLine one = TestkitReadyLine.parse(JsonLines.ready(List.of(DcEndpoint.of(1, "h", 1)), KEY));
        assertThat(one.dcOptions().defaultDc()).isEqualTo(1);
        TestkitReadyLine odd = TestkitReadyLine.parse(JsonLines.ready(List.of(DcEndpoint.of(5, "h", 5),
            DcEndpoint.of(4, "h", 4)), KEY));
        assertThat(odd.dcOptions().defaultDc()).isEqualTo(5);
        assertThat(odd.dcOptions(4).defaultDc()).isEqualTo(4);
        assertThatThrownBy(() -> odd.dcOptions(2)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("default DC 2");
    }

    @Test
    void ignoresUnknownFieldsAndNullOptionalOnesAndReadsEscapes() {
        TestkitReadyLine line = TestkitReadyLine.parse(" {\"future\":{\"a\":[1,2.5e3,true,false,null]},"
            + "\"dcs\":[{\"id\":2,\"host\":\"h\\u0061st\",\"port\":443,\"media\":true}],\"rsa_public_key_pem\":"
            + PEM + ",\"websocket_path\":\"\\/apiws\",\"tls_certificate_pem\":null}\r\n");
        assertThat(line.endpoints()).containsExactly(DcEndpoint.of(2, "hast", 443));
        assertThat(line.webSocketPath()).contains("/apiws");
        assertThat(line.tlsCertificatePem()).isEmpty();
        assertThat(line.dcOptions().defaultDc()).isEqualTo(2);
    }

    @Test
    void anEventLineIsNotTheReadyLine() {
        MalformedReadyLineException e = catchThrowableOfType(MalformedReadyLineException.class,
            () -> TestkitReadyLine.parse("{\"event\":\"code_sent\",\"phone\":\"+15550001111\",\"code\":\"12345\","
                + "\"dc\":2,\"type\":\"sms\"}"));
        assertThat(e).isInstanceOf(IllegalArgumentException.class).hasMessage("testkit ready line: dcs is missing");
        assertThat(e.field()).isEqualTo("dcs");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``                                                    | | not JSON: unexpected end of text at offset 0",
        "`ready`                                               | | not JSON: unexpected character 'r' at offset 0",
        "`[1]`                                                 | | not a JSON object",
        "`{\"dcs\":[]} x`                                      | | unexpected text after the value at offset 11",
        "`{\"dcs\":[{\"id\":1}`                                | | unexpected end of text",
        "`{\"dcs\":1,\"dcs\":2}`                               | | field \"dcs\" appears twice",
        "`{\"dcs\":\"\\q\"}`                                   | | bad escape",
        "`{\"dcs\":\"a\tb\"}`                                  | | control character in a string",
        "`{\"dcs\":01}`                                        | | expected ',' or '}' at offset 8",
        "`{\"dcs\":-}`                                         | | bad number",
        "`{\"dcs\":{}}`                                        | dcs | is not an array",
        "`{\"dcs\":null}`                                      | dcs | is not an array",
        "`{\"dcs\":[]}`                                        | dcs | is empty",
        "`{\"dcs\":[7]}`                                       | dcs[0] | is not an object",
        "`{\"dcs\":[{\"host\":\"h\",\"port\":1}]}`             | dcs[0].id | is missing",
        "`{\"dcs\":[{\"id\":0,\"host\":\"h\",\"port\":1}]}`    | dcs[0].id | is 0, not in 1..2147483647",
        "`{\"dcs\":[{\"id\":\"2\",\"host\":\"h\",\"port\":1}]}`| dcs[0].id | is not a number",
        "`{\"dcs\":[{\"id\":1.5,\"host\":\"h\",\"port\":1}]}`  | dcs[0].id | is not an integer",
        "`{\"dcs\":[{\"id\":1,\"port\":1}]}`                   | dcs[0].host | is missing",
        "`{\"dcs\":[{\"id\":1,\"host\":\" \",\"port\":1}]}`    | dcs[0].host | is blank",
        "`{\"dcs\":[{\"id\":1,\"host\":5,\"port\":1}]}`        | dcs[0].host | is not a string",
        "`{\"dcs\":[{\"id\":1,\"host\":\"h\"}]}`               | dcs[0].port | is missing",
        "`{\"dcs\":[{\"id\":1,\"host\":\"h\",\"port\":70000}]}`| dcs[0].port | is 70000, not in 1..65535",
        "`{\"dcs\":[{\"id\":1,\"host\":\"h\",\"port\":99999999999999999999}]}`"
            + " | dcs[0].port | is not an integer",
        "`{\"dcs\":[{\"id\":1,\"host\":\"h\",\"port\":1},{\"id\":1,\"host\":\"h\",\"port\":2}]}`"
            + " | dcs[1].id | repeats DC 1",
        "`{\"dcs\":[{\"id\":1,\"host\":\"h\",\"port\":1}]}`    | rsa_public_key_pem | is missing",
        "`{\"dcs\":[{\"id\":1,\"host\":\"h\",\"port\":1}],\"rsa_public_key_pem\":\"nope\"}` | rsa_public_key_pem"
            + " | is not an RSA public key PEM",
    })
    void badLinesAreTypedErrorsNamingTheField(String line, String field, String message) {
        MalformedReadyLineException e = catchThrowableOfType(MalformedReadyLineException.class,
            () -> TestkitReadyLine.parse(line));
        assertThat(e).as(line).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).contains(message)
            .startsWith(field == null ? "not a testkit ready line: " : "testkit ready line: " + field + " ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`,\"rsa_fingerprint\":\"1\"`                  | rsa_fingerprint     | is not the fingerprint of",
        "`,\"rsa_fingerprint\":1`                      | rsa_fingerprint     | is not a string",
        "`,\"websocket_path\":\"apiws\"`               | websocket_path      | must start with '/'",
        "`,\"websocket_path\":[]`                      | websocket_path      | is not a string",
        "`,\"tls_certificate_pem\":\"-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\\n\"`"
            + " | tls_certificate_pem | is not a PEM X.509 certificate",
    })
    void badLaterFieldsAreTypedErrorsToo(String extra, String field, String message) {
        String line = "{\"dcs\":[{\"id\":1,\"host\":\"h\",\"port\":1}],\"rsa_public_key_pem\":" + PEM
            + ",\"rsa_fingerprint\":" + FINGERPRINT;
        // a later duplicate would be refused as such: drop the good fingerprint when the bad one is under test
        String base = extra.contains("rsa_fingerprint") ? line.substring(0, line.indexOf(",\"rsa_fingerprint\""))
            : line;
        MalformedReadyLineException e = catchThrowableOfType(MalformedReadyLineException.class,
            () -> TestkitReadyLine.parse(base + extra + "}"));
        assertThat(e).as(extra).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).contains(field + " " + message);
    }

    @Test
    void nestingIsLimited() {
        String deep = "{\"x\":" + "[".repeat(100) + "]".repeat(100) + "}";
        assertThatThrownBy(() -> TestkitReadyLine.parse(deep)).isInstanceOf(MalformedReadyLineException.class)
            .hasMessageContaining("nested deeper than 64 levels");
        assertThat(TestkitReadyLine.parse("{\"x\":" + "[".repeat(60) + "]".repeat(60) + ",\"dcs\":[{\"id\":1,"
            + "\"host\":\"h\",\"port\":1}],\"rsa_public_key_pem\":" + PEM + "}").endpoints()).hasSize(1);
    }

    @Test
    void nullLineIsRefused() {
        assertThatThrownBy(() -> TestkitReadyLine.parse(null)).isInstanceOf(NullPointerException.class);
    }
}
