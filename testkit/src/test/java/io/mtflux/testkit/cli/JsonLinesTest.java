package io.mtflux.testkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtflux.core.crypto.RsaPem;
import io.mtflux.core.crypto.RsaPublicKey;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.testkit.CodeDelivery;
import io.mtflux.testkit.LoginCode;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written JSON lines, read back with Jackson. */
class JsonLinesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readyLineIsOneJsonObject() throws Exception {
        // any odd modulus will do: only the PEM and fingerprint are under test
        RsaPublicKey key = RsaPublicKey.of(BigInteger.ONE.shiftLeft(2047).add(BigInteger.valueOf(12345)),
            BigInteger.valueOf(65537));
        String line = JsonLines.ready(List.of(DcEndpoint.of(1, "127.0.0.1", 40001),
            DcEndpoint.of(2, "127.0.0.1", 40002)), key);

        assertThat(line).doesNotContain("\n").doesNotContain("\r")
            .startsWith("{\"dcs\":[{\"id\":1,\"host\":\"127.0.0.1\",\"port\":40001},"
                + "{\"id\":2,\"host\":\"127.0.0.1\",\"port\":40002}],\"rsa_public_key_pem\":\"-----BEGIN RSA PUBLIC KEY"
                + "-----\\n");
        JsonNode node = JSON.readTree(line);
        assertThat(node.get("dcs")).hasSize(2);
        assertThat(node.get("dcs").get(1).get("port").asInt()).isEqualTo(40002);
        String pem = node.get("rsa_public_key_pem").asText();
        assertThat(pem).isEqualTo(RsaPem.writePublicKey(key));
        assertThat(RsaPem.readPublicKey(pem)).isEqualTo(key);
        assertThat(node.get("rsa_fingerprint").isTextual()).isTrue();
        assertThat(Long.parseLong(node.get("rsa_fingerprint").asText())).isEqualTo(key.fingerprint());
    }

    @Test
    void readyLineGainsTheWebSocketFieldsAfterTheOthers() throws Exception {
        RsaPublicKey key = RsaPublicKey.of(BigInteger.ONE.shiftLeft(2047).add(BigInteger.valueOf(12345)),
            BigInteger.valueOf(65537));
        List<DcEndpoint> dcs = List.of(DcEndpoint.of(1, "127.0.0.1", 40001));
        String pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        String line = JsonLines.ready(dcs, key, "/apiws", pem);
        // the fields every reader knows are unchanged, in place; the new ones come after them
        assertThat(line).startsWith(JsonLines.ready(dcs, key).substring(0, JsonLines.ready(dcs, key).length() - 1)
            + ",\"websocket_path\":\"/apiws\",\"tls_certificate_pem\":");
        JsonNode node = JSON.readTree(line);
        assertThat(node.get("websocket_path").asText()).isEqualTo("/apiws");
        assertThat(node.get("tls_certificate_pem").asText()).isEqualTo(pem);
        assertThat(JSON.readTree(JsonLines.ready(dcs, key, "/apiws", null)).has("tls_certificate_pem")).isFalse();
    }

    @Test
    void codeSentEvent() throws Exception {
        assertThat(JsonLines.codeSent(new LoginCode("15550001111", "12345", 2, CodeDelivery.MISSED_CALL)))
            .isEqualTo("{\"event\":\"code_sent\",\"phone\":\"+15550001111\",\"code\":\"12345\",\"dc\":2,"
                + "\"type\":\"missed_call\"}");
    }

    @Test
    void stringsAreEscaped() throws Exception {
        String nasty = "a\"b\\c\nd\re\tf\u0001g\u001fh\u2028i/é😀";
        String quoted = JsonLines.quote(nasty);
        assertThat(quoted).doesNotContain("\n").doesNotContain("\u2028")
            .contains("\\\"", "\\\\", "\\n", "\\r", "\\t", "\\u0001", "\\u001f", "\\u2028");
        assertThat(JSON.readTree(quoted).asText()).isEqualTo(nasty);
    }
}
