package io.mtflux.transport.mtproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mtflux.transport.MalformedFrameException;
import io.mtflux.transport.testing.Hex;
import io.mtflux.transport.testing.Vectors;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** MTProxy secret classification and the fake-TLS captures from the vector files. */
class MtProxyVectorsTest {

    @Test
    void secretClassificationFollowsTdlib() {
        JsonNode cases = Vectors.load("transports_obfuscation.json").get("mtproxy_secrets").get("cases");
        int checked = 0;
        for (JsonNode c : cases) {
            String hex = c.get("secret_hex").asText();
            String gotd = c.get("gotd_type").asText();
            boolean error = c.get("error").asBoolean();
            byte[] bytes = Hex.bytes(hex);
            boolean tdlibRejects = error || (bytes.length == 17 && (bytes[0] & 0xff) == 0xee);
            if (tdlibRejects) {
                // tdlib's stricter rule: a 17-byte ee secret is rejected (gotd calls it Secured).
                assertThatThrownBy(() -> MtProxySecret.parse(hex)).as(hex).isInstanceOf(IllegalArgumentException.class);
            } else {
                MtProxySecret s = MtProxySecret.parse(hex);
                MtProxySecret.Type expected = switch (gotd) {
                    case "Simple" -> MtProxySecret.Type.SIMPLE;
                    case "Secured" -> MtProxySecret.Type.SECURED;
                    default -> MtProxySecret.Type.FAKE_TLS;
                };
                assertThat(s.type()).as(hex).isEqualTo(expected);
                int keyStart = expected == MtProxySecret.Type.SIMPLE ? 0 : 1;
                assertThat(s.key()).isEqualTo(Arrays.copyOfRange(bytes, keyStart, keyStart + 16));
                assertThat(s.toString()).doesNotContain(Hex.of(s.key()));
                // base64url form, as links carry ee secrets
                String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                assertThat(MtProxySecret.parse(b64)).isEqualTo(s);
            }
            checked++;
        }
        assertThat(checked).isEqualTo(9);
        assertThat(MtProxySecret.parse("ee852380f362a09343efb4690c4e17862e676f6f676c652e636f6d").domain())
            .isEqualTo("google.com");
    }

    @Test
    void capturedServerHellosVerify() {
        JsonNode vectors = Vectors.load("faketls_server_hello.json").get("vectors");
        assertThat(vectors.size()).isEqualTo(2);
        for (JsonNode v : vectors) {
            byte[] key = Hex.bytes(v.get("secret").asText());
            byte[] clientRandom = Hex.bytes(v.get("client_random").asText());
            byte[] reply = Hex.bytes(v.get("server_hello_hex").asText());
            // The record table in the vector matches the bytes.
            for (JsonNode rec : v.get("records")) {
                int off = rec.get("offset").asInt();
                assertThat(reply[off] & 0xff).isEqualTo(Integer.decode(rec.get("type").asText()));
                assertThat(((reply[off + 3] & 0xff) << 8) | (reply[off + 4] & 0xff))
                    .isEqualTo(rec.get("length").asInt());
            }
            assertThat(FakeTls.verifyServerHello(key, clientRandom, reply)).as(v.get("name").asText()).isTrue();
            byte[] tampered = reply.clone();
            tampered[reply.length - 1] ^= 1;
            assertThat(FakeTls.verifyServerHello(key, clientRandom, tampered)).isFalse();
            byte[] otherKey = key.clone();
            otherKey[0] ^= 1;
            assertThat(FakeTls.verifyServerHello(otherKey, clientRandom, reply)).isFalse();
        }
    }

    @Test
    void clientHelloRoundTripsThroughServerCheck() {
        byte[] key = Hex.bytes("00112233445566778899aabbccddeeff");
        byte[] hello = FakeTls.clientHello(key, "example.com", 1_700_000_000);
        assertThat(hello).hasSize(517);
        assertThat(Arrays.copyOf(hello, 3)).isEqualTo(Hex.bytes("160301"));
        assertThat(((hello[3] & 0xff) << 8 | (hello[4] & 0xff)) + 5).isEqualTo(hello.length);
        assertThat(hello[43]).isEqualTo((byte) 0x20);
        assertThat(new String(hello, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("example.com");
        assertThat(FakeTls.verifyClientHello(key, hello)).isEqualTo(1_700_000_000);
        byte[] wrong = key.clone();
        wrong[5] ^= 1;
        assertThatThrownBy(() -> FakeTls.verifyClientHello(wrong, hello)).isInstanceOf(MalformedFrameException.class);
        byte[] reply = FakeTls.serverHello(key, FakeTls.random(hello), FakeTls.sessionId(hello), 1500);
        assertThat(FakeTls.verifyServerHello(key, FakeTls.random(hello), reply)).isTrue();
        // Same layout as the real captures: ServerHello of 122 bytes, CCS, then application data.
        assertThat(Arrays.copyOf(reply, 5)).isEqualTo(Hex.bytes("160303007a"));
        assertThat(Arrays.copyOfRange(reply, 127, 133)).isEqualTo(FakeTls.CHANGE_CIPHER_SPEC);
        assertThat(reply[133]).isEqualTo((byte) 0x17);
    }

    @Test
    void proxyLinks() {
        MtProxyConfig tg = MtProxyConfig.parseLink(
            "tg://proxy?server=proxy.example.org&port=443&secret=dd00112233445566778899aabbccddeeff");
        assertThat(tg.host()).isEqualTo("proxy.example.org");
        assertThat(tg.port()).isEqualTo(443);
        assertThat(tg.secret().type()).isEqualTo(MtProxySecret.Type.SECURED);
        assertThat(tg.toString()).doesNotContain("00112233445566778899aabbccddeeff");
        byte[] ee = Hex.bytes("ee00112233445566778899aabbccddeeff676f6f676c652e636f6d");
        String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(ee);
        MtProxyConfig tme = MtProxyConfig.parseLink("https://t.me/proxy?server=1.2.3.4&port=8443&secret=" + b64);
        assertThat(tme.host()).isEqualTo("1.2.3.4");
        assertThat(tme.secret().type()).isEqualTo(MtProxySecret.Type.FAKE_TLS);
        assertThat(tme.secret().domain()).isEqualTo("google.com");
        String std = Base64.getEncoder().encodeToString(ee);
        assertThat(MtProxyConfig.parseLink("tg://proxy?server=h&port=1&secret=" + std).secret())
            .isEqualTo(tme.secret());
        assertThatThrownBy(() -> MtProxyConfig.parseLink("tg://proxy?server=h&port=1"))
            .hasMessageContaining("secret");
        assertThatThrownBy(() -> MtProxyConfig.parseLink("tg://proxy?server=h&port=x&secret=00"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MtProxyConfig.parseLink("https://example.com/proxy?server=h&port=1&secret=00"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MtProxyConfig.parseLink("tg://socks?server=h&port=1"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MtProxyConfig.parseLink("tg://proxy?server=h&port=1&secret=zz!!"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("zz!!");
    }
}
