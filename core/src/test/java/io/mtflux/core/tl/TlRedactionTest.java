package io.mtflux.core.tl;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.tl.api.BaseInputCheckPasswordSRP;
import io.mtflux.core.tl.api.CodeSettings;
import io.mtflux.core.tl.api.PasswordKdfAlgoUnknown;
import io.mtflux.core.tl.api.account.AccountPasswordInputSettings;
import io.mtflux.core.tl.api.account.AccountUpdatePasswordSettings;
import io.mtflux.core.tl.api.auth.AuthAcceptLoginToken;
import io.mtflux.core.tl.api.auth.AuthCheckPassword;
import io.mtflux.core.tl.api.auth.AuthCheckRecoveryPassword;
import io.mtflux.core.tl.api.auth.AuthExportLoginToken;
import io.mtflux.core.tl.api.auth.AuthExportedAuthorization;
import io.mtflux.core.tl.api.auth.AuthImportAuthorization;
import io.mtflux.core.tl.api.auth.AuthImportBotAuthorization;
import io.mtflux.core.tl.api.auth.AuthImportLoginToken;
import io.mtflux.core.tl.api.auth.AuthImportWebTokenAuthorization;
import io.mtflux.core.tl.api.auth.AuthSendCode;
import io.mtflux.core.tl.api.auth.AuthSignIn;
import io.mtflux.core.tl.api.auth.BaseAuthLoginToken;
import io.mtflux.core.tl.mtproto.PQInnerDataDc;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** toString() of generated types never prints a secret: only {@code <redacted N bytes>}. */
class TlRedactionTest {
    private static final String API_HASH = "0123456789abcdef0123456789abcdef";
    private static final String CODE = "24680";
    private static final String BOT_TOKEN = "123456:AAEsecretsecretsecret";
    private static final byte[] SECRET_BYTES = "SECRETBYTES-SECRETBYTES".getBytes(StandardCharsets.US_ASCII);
    private static final String SECRET_HEX = HexFormat.of().formatHex(SECRET_BYTES);

    private static BaseInputCheckPasswordSRP srp() {
        return new BaseInputCheckPasswordSRP(77L, SECRET_BYTES, SECRET_BYTES);
    }

    static Stream<Arguments> secretCarriers() {
        return Stream.of(
            Arguments.of(new AuthSendCode("+15550001111", 1, API_HASH, CodeSettings.builder().build()),
                List.of(API_HASH), "apiHash=<redacted 32 bytes>"),
            Arguments.of(new AuthSignIn("+15550001111", "hash", CODE, null), List.of(CODE),
                "phoneCode=<redacted 5 bytes>"),
            Arguments.of(new AuthImportBotAuthorization(0, 1, API_HASH, BOT_TOKEN), List.of(API_HASH, BOT_TOKEN),
                "botAuthToken=<redacted 28 bytes>"),
            Arguments.of(new AuthCheckPassword(srp()), List.of(SECRET_HEX), "a=<redacted 23 bytes>, m1=<redacted"),
            Arguments.of(new AccountUpdatePasswordSettings(srp(), new AccountPasswordInputSettings(
                new PasswordKdfAlgoUnknown(), SECRET_BYTES, "pet", null, null)), List.of(SECRET_HEX),
                "newPasswordHash=<redacted 23 bytes>"),
            Arguments.of(new AuthImportLoginToken(SECRET_BYTES), List.of(SECRET_HEX), "token=<redacted 23 bytes>"),
            Arguments.of(new AuthAcceptLoginToken(SECRET_BYTES), List.of(SECRET_HEX), "token=<redacted 23 bytes>"),
            Arguments.of(new BaseAuthLoginToken(100, SECRET_BYTES), List.of(SECRET_HEX), "token=<redacted 23 bytes>"),
            Arguments.of(new AuthExportLoginToken(1, API_HASH, List.of()), List.of(API_HASH),
                "apiHash=<redacted 32 bytes>"),
            Arguments.of(new AuthImportAuthorization(5L, SECRET_BYTES), List.of(SECRET_HEX),
                "bytes=<redacted 23 bytes>"),
            Arguments.of(new AuthExportedAuthorization(5L, SECRET_BYTES), List.of(SECRET_HEX),
                "bytes=<redacted 23 bytes>"),
            Arguments.of(new AuthImportWebTokenAuthorization(1, API_HASH, BOT_TOKEN), List.of(API_HASH, BOT_TOKEN),
                "webAuthToken=<redacted 28 bytes>"),
            Arguments.of(new AuthCheckRecoveryPassword(CODE), List.of(CODE), "code=<redacted 5 bytes>"),
            Arguments.of(CodeSettings.builder().logoutTokens(List.of(SECRET_BYTES)).build(), List.of(SECRET_HEX),
                "logoutTokens=[<redacted 23 bytes>]"),
            Arguments.of(new PQInnerDataDc(new byte[8], new byte[4], new byte[4], new byte[16], new byte[16],
                filled(32), 2), List.of(HexFormat.of().formatHex(filled(32))), "newNonce=<redacted 32 bytes>"));
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) 0x5a);
        return b;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secretCarriers")
    void toStringRedactsSecrets(TlObject object, List<String> secrets, String expectedFragment) {
        String text = object.toString();
        for (String secret : secrets) {
            assertThat(text).doesNotContain(secret);
        }
        assertThat(text).contains(expectedFragment);
    }
}
