package io.mtflux.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlSchemaParserTest {

    @Test
    void parsesFlagsTrueFlagsVectorsAndTheLayer() {
        TlSchema schema = TlSchemaParser.parse("""
            // Layer:  228
            codeSettings#ad253d78 flags:# allow_flashcall:flags.0?true current_number:flags.1?true \
            allow_app_hash:flags.4?true allow_missed_call:flags.5?true allow_firebase:flags.7?true \
            unknown_number:flags.9?true logout_tokens:flags.6?Vector<bytes> token:flags.8?string \
            app_sandbox:flags.8?Bool = CodeSettings;
            ---functions---
            auth.sendCode#a677244f phone_number:string api_id:int api_hash:string settings:CodeSettings \
            = auth.SentCode;
            """, "test.tl");
        assertThat(schema.layer()).isEqualTo(228);
        TlCombinator settings = schema.constructors().get(0);
        assertThat(settings.id()).isEqualTo(0xad253d78);
        assertThat(settings.explicitId()).isTrue();
        TlParam tokens = settings.params().stream().filter(p -> p.name().equals("logout_tokens")).findFirst()
            .orElseThrow();
        assertThat(tokens.flagsField()).isEqualTo("flags");
        assertThat(tokens.flagBit()).isEqualTo(6);
        assertThat(tokens.type().isVector()).isTrue();
        assertThat(tokens.type().element().name()).isEqualTo("bytes");
        assertThat(settings.params().get(1).isTrueFlag()).isTrue();
        TlCombinator sendCode = schema.functions().get(0);
        assertThat(sendCode.function()).isTrue();
        assertThat(sendCode.namespace()).isEqualTo("auth");
        assertThat(sendCode.result().name()).isEqualTo("auth.SentCode");
    }

    @Test
    void parsesGenericsBareVectorsAndComputesMissingIds() {
        TlSchema schema = TlSchemaParser.parse("""
            message msg_id:long seqno:int bytes:int body:Object = Message;
            msg_container#73f1f8dc messages:vector<%message> = MessageContainer;
            future_salts#ae500895 req_msg_id:long now:int salts:vector<future_salt> = FutureSalts;
            ---functions---
            invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;
            """, "mt.tl");
        TlCombinator message = schema.constructors().get(0);
        assertThat(message.explicitId()).isFalse();
        assertThat(message.id()).isEqualTo(0x5bb8e511);
        TlType messages = schema.constructors().get(1).params().get(0).type();
        assertThat(messages.bare()).isTrue();
        assertThat(messages.element().bare()).isTrue();
        assertThat(messages.element().name()).isEqualTo("message");
        TlType salts = schema.constructors().get(2).params().get(2).type();
        assertThat(salts.element().name()).isEqualTo("future_salt");
        assertThat(salts.element().bare()).isTrue();
        TlCombinator invoke = schema.functions().get(0);
        assertThat(invoke.generics()).containsExactly("X");
        assertThat(invoke.params().get(1).type().genericRef()).isTrue();
    }

    @Test
    void aWrongConstructorIdFailsTheBuild() {
        assertThatThrownBy(() -> TlSchemaParser.parse("inputPeerUser#dde8a54d user_id:long access_hash:long "
            + "= InputPeer;", "bad.tl"))
            .isInstanceOf(TlSchemaException.class)
            .hasMessage("bad.tl:1: constructor id mismatch for inputPeerUser: schema says #dde8a54d, CRC32 of the "
                + "declaration is #dde8a54c (\"inputPeerUser user_id:long access_hash:long = InputPeer\")");
    }

    @Test
    void aMisreadFieldWouldChangeTheCrc() {
        // the same id with a field type changed: the check catches a parser that reads types wrongly
        assertThatThrownBy(() -> TlSchemaParser.parse("inputPeerUser#dde8a54c user_id:int access_hash:long "
            + "= InputPeer;", "bad.tl"))
            .isInstanceOf(TlSchemaException.class)
            .hasMessageContaining("constructor id mismatch");
    }

    @Test
    void syntaxErrorsAreReportedWithTheLine() {
        assertThatThrownBy(() -> TlSchemaParser.parse("ok = A;\nbroken a:flags.0?int = B;", "x.tl"))
            .isInstanceOf(TlSchemaException.class)
            .hasMessageStartingWith("x.tl:2: 'a' refers to undeclared flags word 'flags'");
        assertThatThrownBy(() -> TlSchemaParser.parse("a#1 x:int", "y.tl"))
            .isInstanceOf(TlSchemaException.class)
            .hasMessage("y.tl:1: declaration without ';'");
        assertThatThrownBy(() -> TlSchemaParser.parse("a x:int = B = C;", "z.tl"))
            .isInstanceOf(TlSchemaException.class)
            .hasMessageStartingWith("z.tl:1: expected exactly one '='");
    }

    @Test
    void everyIdOfTheShippedSchemasVerifies() throws Exception {
        for (String file : List.of("api-layer228.tl", "mtproto.tl")) {
            Path path = Path.of("../core/src/main/tl", file);
            TlSchema schema = TlSchemaParser.parse(Files.readString(path), file);
            assertThat(schema.combinators()).allSatisfy(c -> assertThat(c.id()).isNotZero());
        }
        TlSchema api = TlSchemaParser.parse(Files.readString(Path.of("../core/src/main/tl/api-layer228.tl")), "api");
        assertThat(api.layer()).isEqualTo(228);
        assertThat(api.constructors()).hasSize(1647);
        assertThat(api.functions()).hasSize(808);
    }

    @Test
    void javaNamesReadWell() {
        assertThat(JavaNames.className("auth.sendCode")).isEqualTo("AuthSendCode");
        assertThat(JavaNames.className("p_q_inner_data_dc")).isEqualTo("PQInnerDataDc");
        assertThat(JavaNames.className("error")).isEqualTo("TlError");
        assertThat(JavaNames.fieldName("phone_code_hash")).isEqualTo("phoneCodeHash");
        assertThat(JavaNames.fieldName("M1")).isEqualTo("m1");
        assertThat(JavaNames.fieldName("default")).isEqualTo("default_");
    }
}
