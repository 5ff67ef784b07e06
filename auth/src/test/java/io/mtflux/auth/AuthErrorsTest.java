package io.mtflux.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.rpc.FloodWaitException;
import io.mtflux.core.rpc.RpcException;
import org.junit.jupiter.api.Test;

class AuthErrorsTest {

    @Test
    void loginErrorsGetTheirTypes() {
        assertThat(AuthErrors.typed(RpcException.of(400, "PHONE_CODE_INVALID")))
            .isInstanceOf(PhoneCodeInvalidException.class).hasMessage("400 PHONE_CODE_INVALID");
        assertThat(AuthErrors.typed(RpcException.of(400, "PHONE_CODE_EXPIRED")))
            .isInstanceOf(PhoneCodeExpiredException.class);
        assertThat(AuthErrors.typed(RpcException.of(400, "PHONE_CODE_EMPTY")))
            .isInstanceOf(PhoneCodeEmptyException.class);
        assertThat(AuthErrors.typed(RpcException.of(406, "PHONE_NUMBER_INVALID")))
            .isInstanceOf(PhoneNumberInvalidException.class);
        assertThat(AuthErrors.typed(RpcException.of(400, "PHONE_NUMBER_UNOCCUPIED")))
            .isInstanceOf(PhoneNumberUnoccupiedException.class);
        assertThat(AuthErrors.typed(RpcException.of(400, "PHONE_NUMBER_BANNED")))
            .isInstanceOf(PhoneNumberBannedException.class);
        assertThat(AuthErrors.typed(RpcException.of(401, "SESSION_PASSWORD_NEEDED")))
            .isInstanceOf(SessionPasswordNeededException.class)
            .satisfies(e -> assertThat(((SessionPasswordNeededException) e).isPasswordNeeded()).isTrue());
        assertThat(AuthErrors.typed(RpcException.of(400, "PASSWORD_HASH_INVALID")))
            .isInstanceOf(PasswordHashInvalidException.class);
        assertThat(AuthErrors.typed(RpcException.of(401, "ACCESS_TOKEN_INVALID")))
            .isInstanceOf(AccessTokenInvalidException.class);
        assertThat(AuthErrors.typed(RpcException.of(500, "AUTH_RESTART"))).isInstanceOf(AuthRestartException.class);
        assertThat(AuthErrors.typed(RpcException.of(406, "SEND_CODE_UNAVAILABLE")))
            .isInstanceOf(SendCodeUnavailableException.class);
    }

    @Test
    void otherErrorsStayAsTheyAre() {
        RpcException flood = RpcException.of(420, "FLOOD_WAIT_5");
        assertThat(AuthErrors.typed(flood)).isSameAs(flood).isInstanceOf(FloodWaitException.class);
        RpcException other = RpcException.of(400, "SOMETHING_ELSE");
        assertThat(AuthErrors.typed(other)).isSameAs(other);
        IllegalStateException notRpc = new IllegalStateException("x");
        assertThat(AuthErrors.typed(notRpc)).isSameAs(notRpc);
    }
}
