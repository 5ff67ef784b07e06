package io.mtflux.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JavaGeneratorTest {

    private static Map<String, String> generate(String schema) {
        return new JavaGenerator(TlSchemaParser.parse(schema, "t.tl"), "p", "TSchema").generate();
    }

    @Test
    void abstractTypesBecomeSealedInterfacesAndCollidingConstructorsGetBase() {
        Map<String, String> files = generate("""
            userEmpty#d3bc4b7a id:long = User;
            user#abcdef01 id:long = User;
            """.replace("#abcdef01", "#" + Integer.toHexString(TlSchemaParser.crc32("user id:long = User"))));
        assertThat(files).containsKeys("p/User.java", "p/BaseUser.java", "p/UserEmpty.java", "p/TSchema.java");
        assertThat(files.get("p/User.java")).contains("public sealed interface User extends io.mtflux.core.tl."
            + "TlObject permits UserEmpty, BaseUser");
        assertThat(files.get("p/BaseUser.java")).contains("public record BaseUser(").contains("implements User");
    }

    @Test
    void aSingleConstructorNamedLikeItsTypeIsTheTypeItself() {
        String decl = "userFull id:long = UserFull";
        Map<String, String> files = generate("userFull#" + Integer.toHexString(TlSchemaParser.crc32(decl)) + " "
            + decl.substring("userFull ".length()) + ";");
        assertThat(files).containsKey("p/UserFull.java").doesNotContainKey("p/BaseUserFull.java");
        assertThat(files.get("p/UserFull.java")).contains("implements io.mtflux.core.tl.TlObject");
    }

    @Test
    void methodsImplementTlMethodWithTheirResultTypeAndSecretsAreRedacted() {
        String ctor = "auth.sentCode phone_code_hash:string = auth.SentCode";
        String method = "auth.sendCode phone_number:string api_hash:string = auth.SentCode";
        Map<String, String> files = generate(
            "auth.sentCode#" + Integer.toHexString(TlSchemaParser.crc32(ctor)) + ctor.substring(13) + ";\n"
            + "---functions---\n"
            + "auth.sendCode#" + Integer.toHexString(TlSchemaParser.crc32(method)) + method.substring(13) + ";\n");
        String source = files.get("p/auth/AuthSendCode.java");
        assertThat(source).contains("implements io.mtflux.core.tl.TlMethod<p.auth.AuthSentCode>")
            .contains("appendRedacted(sb, this.apiHash)")
            .contains("io.mtflux.core.tl.TlFormat.append(sb, this.phoneNumber)");
    }
}
