package io.mtflux.core.tl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mtflux.core.tl.api.CodeSettings;
import io.mtflux.core.tl.api.InitConnection;
import io.mtflux.core.tl.api.InvokeWithLayer;
import io.mtflux.core.tl.api.auth.AuthSendCode;
import io.mtflux.core.tl.api.help.HelpGetConfig;
import io.mtflux.core.tl.mtproto.BadMsgNotification;
import io.mtflux.core.tl.mtproto.BadServerSalt;
import io.mtflux.core.tl.mtproto.BaseBadMsgNotification;
import io.mtflux.core.tl.mtproto.FutureSalt;
import io.mtflux.core.tl.mtproto.FutureSalts;
import io.mtflux.core.tl.mtproto.Message;
import io.mtflux.core.tl.mtproto.MsgContainer;
import io.mtflux.core.tl.mtproto.MsgsAck;
import io.mtflux.core.tl.mtproto.NewSessionCreated;
import io.mtflux.core.tl.mtproto.Ping;
import io.mtflux.core.tl.mtproto.Pong;
import io.mtflux.core.tl.mtproto.RpcError;
import io.mtflux.core.tl.mtproto.RpcResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every entry of {@code vectors/tl_serialization_examples.json} encodes to its bytes and decodes back. */
class TlSerializationVectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final long MSG_4 = 0x65C53D5100000004L;
    private static final long MSG_8 = 0x65C53D5100000008L;

    private static JsonNode examples() throws IOException {
        try (InputStream in = TlSerializationVectorsTest.class.getResourceAsStream(
            "/vectors/tl_serialization_examples.json")) {
            return new ObjectMapper().readTree(in).get("examples");
        }
    }

    /** Objects for the vector entries, keyed by the start of their {@code kind}. */
    private static TlObject objectFor(String kind) {
        if (kind.startsWith("codeSettings with no flags")) {
            return CodeSettings.builder().build();
        }
        if (kind.startsWith("codeSettings{logout_tokens")) {
            return CodeSettings.builder().logoutTokens(List.of(new byte[] {0, 1, 2, 3})).build();
        }
        if (kind.startsWith("auth.sendCode")) {
            return new AuthSendCode("9996621234", 12345, "0123456789abcdef0123456789abcdef",
                CodeSettings.builder().build());
        }
        if (kind.startsWith("invokeWithLayer")) {
            return new InvokeWithLayer<>(228, new InitConnection<>(12345, "PC", "Linux", "1.0", "en", "", "en",
                null, null, new HelpGetConfig()));
        }
        if (kind.startsWith("ping(")) {
            return new Ping(0x1122334455667788L);
        }
        if (kind.startsWith("pong(")) {
            return new Pong(MSG_4, 0x1122334455667788L);
        }
        if (kind.startsWith("msgs_ack(")) {
            return new MsgsAck(List.of(0x65C53D5100000001L));
        }
        if (kind.startsWith("rpc_result(")) {
            return new RpcResult(MSG_4, new RpcError(420, "FLOOD_WAIT_31"));
        }
        if (kind.startsWith("msg_container")) {
            return new MsgContainer(List.of(
                new Message(MSG_4, 1, 12, new Ping(0x1122334455667788L)),
                new Message(MSG_8, 2, 20, new MsgsAck(List.of(0x65C53D5100000001L)))));
        }
        if (kind.startsWith("future_salts(")) {
            return new FutureSalts(MSG_4, 1707425105,
                List.of(new FutureSalt(1707425105, 1707426905, 0x0102030405060708L)));
        }
        if (kind.startsWith("new_session_created(")) {
            return new NewSessionCreated(MSG_4, 0x1122334455667788L, 0x0102030405060708L);
        }
        if (kind.startsWith("bad_server_salt(")) {
            return new BadServerSalt(MSG_4, 1, 48, 0x0102030405060708L);
        }
        if (kind.startsWith("bad_msg_notification(")) {
            return new BaseBadMsgNotification(MSG_4, 1, 16);
        }
        return null;
    }

    @TestFactory
    Stream<DynamicTest> objectsEncodeToTheListedBytesAndDecodeBack() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode example : examples()) {
            String kind = example.get("kind").asText();
            TlObject object = objectFor(kind);
            if (object == null) {
                continue;
            }
            byte[] expected = HEX.parseHex(example.get("encoded").asText());
            tests.add(DynamicTest.dynamicTest(kind, () -> {
                assertThat(HEX.formatHex(Tl.serialize(object))).isEqualTo(HEX.formatHex(expected));
                TlObject decoded = Tl.deserialize(expected);
                assertThat(decoded).isEqualTo(object);
                assertThat(Tl.serialize(decoded)).isEqualTo(expected);
            }));
        }
        assertThat(tests).hasSize(13);
        return tests.stream();
    }

    @Test
    void bytesAndStringsFollowTheLengthRules() throws IOException {
        int checked = 0;
        for (JsonNode example : examples()) {
            if (!example.get("kind").asText().equals("bytes/string")) {
                continue;
            }
            int length = example.get("input_len").asInt();
            byte[] input = example.get("input_hex").isNull() ? filled(length)
                : HEX.parseHex(example.get("input_hex").asText());
            TlWriter writer = new TlWriter();
            writer.writeBytes(input);
            byte[] encoded = writer.toByteArray();
            String hex = HEX.formatHex(encoded);
            assertThat(encoded).hasSize(example.get("encoded_len").asInt());
            assertThat(hex).startsWith(example.get("encoded_prefix").asText());
            assertThat(hex).endsWith(example.get("encoded_suffix").asText());

            TlWriter stringWriter = new TlWriter();
            stringWriter.writeString(new String(input, StandardCharsets.ISO_8859_1));
            assertThat(stringWriter.toByteArray()).isEqualTo(encoded);

            TlReader reader = new TlReader(encoded);
            assertThat(reader.readBytes()).isEqualTo(input);
            reader.expectEnd();
            checked++;
        }
        assertThat(checked).isEqualTo(6);
    }

    private static byte[] filled(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 'x');
        return bytes;
    }

    @Test
    void baseTypes() throws IOException {
        for (JsonNode example : examples()) {
            String kind = example.get("kind").asText();
            if (kind.startsWith("Vector<long>")) {
                TlWriter w = new TlWriter();
                w.writeVector(List.of(1L, 2L), TlWriter::writeLong);
                assertThat(HEX.formatHex(w.toByteArray())).isEqualTo(example.get("encoded").asText());
                assertThat(new TlReader(w.toByteArray()).readVector(TlReader::readLong)).containsExactly(1L, 2L);
            } else if (kind.startsWith("Bool")) {
                assertThat(encode(w -> w.writeBool(true))).isEqualTo(example.get("true").asText());
                assertThat(encode(w -> w.writeBool(false))).isEqualTo(example.get("false").asText());
                assertThat(new TlReader(HEX.parseHex(example.get("false").asText())).readBool()).isFalse();
            } else if (kind.startsWith("int -404")) {
                assertThat(encode(w -> w.writeInt(-404))).isEqualTo(example.get("encoded").asText());
            } else if (kind.startsWith("long 1")) {
                assertThat(encode(w -> w.writeLong(1))).isEqualTo(example.get("one").asText());
                assertThat(encode(w -> w.writeLong(-1))).isEqualTo(example.get("minus_one").asText());
            } else if (kind.startsWith("double")) {
                assertThat(encode(w -> w.writeDouble(1.5))).isEqualTo(example.get("encoded").asText());
                assertThat(new TlReader(HEX.parseHex(example.get("encoded").asText())).readDouble()).isEqualTo(1.5);
            }
        }
    }

    private static String encode(java.util.function.Consumer<TlWriter> body) {
        TlWriter w = new TlWriter();
        body.accept(w);
        return HEX.formatHex(w.toByteArray());
    }

    @Test
    void badMsgNotificationIsASealedTypeWithBothConstructors() {
        BadMsgNotification n = Tl.deserialize(Tl.serialize(new BadServerSalt(1, 2, 48, 3)), BadMsgNotification::read);
        assertThat(BadMsgNotification.class.getPermittedSubclasses())
            .containsExactlyInAnyOrder(BadServerSalt.class, BaseBadMsgNotification.class);
        assertThat(n).isInstanceOfSatisfying(BadServerSalt.class, s -> assertThat(s.newServerSalt()).isEqualTo(3));
    }
}
