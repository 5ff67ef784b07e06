package io.mtflux.core.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RpcExceptionTest {

    @Test
    void floodWaitCarriesItsSeconds() {
        RpcException e = RpcException.of(420, "FLOOD_WAIT_31");
        assertThat(e).isInstanceOf(FloodWaitException.class);
        assertThat(((FloodWaitException) e).seconds()).isEqualTo(31);
        assertThat(((FloodWaitException) e).duration()).isEqualTo(Duration.ofSeconds(31));
        assertThat(e.errorType()).isEqualTo("FLOOD_WAIT_X");
        assertThat(e.getMessage()).isEqualTo("420 FLOOD_WAIT_31");
        assertThat(RpcException.of(420, "SLOWMODE_WAIT_5")).isInstanceOf(FloodWaitException.class);
        assertThat(RpcException.of(420, "2FA_CONFIRM_WAIT_60")).isInstanceOf(FloodWaitException.class)
            .extracting(x -> ((FloodWaitException) x).seconds()).isEqualTo(60L);
        assertThat(((FloodWaitException) RpcException.of(420, "FLOOD_WAIT_0")).duration())
            .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void migrationsByKind() {
        MigrateException phone = (MigrateException) RpcException.of(303, "PHONE_MIGRATE_4");
        assertThat(phone.kind()).isEqualTo(MigrateException.Kind.PHONE);
        assertThat(phone.dcId()).isEqualTo(4);
        assertThat(phone.kind().movesHomeDc()).isTrue();
        MigrateException file = (MigrateException) RpcException.of(303, "FILE_MIGRATE_2");
        assertThat(file.kind().movesHomeDc()).isFalse();
        // matched on the message, whatever the code
        assertThat(RpcException.of(400, "NETWORK_MIGRATE_5")).isInstanceOf(MigrateException.class);
        assertThat(RpcException.of(303, "STATS_MIGRATE_3")).isInstanceOf(MigrateException.class);
        assertThat(RpcException.of(303, "USER_MIGRATE_2")).isInstanceOf(MigrateException.class);
    }

    @Test
    void unauthorizedAndInternal() {
        UnauthorizedException password = (UnauthorizedException) RpcException.of(401, "SESSION_PASSWORD_NEEDED");
        assertThat(password.isPasswordNeeded()).isTrue();
        assertThat(password.isUnregistered()).isFalse();
        assertThat(((UnauthorizedException) RpcException.of(401, "AUTH_KEY_UNREGISTERED")).isUnregistered())
            .isTrue();
        assertThat(RpcException.of(500, "RPC_CALL_FAIL")).isInstanceOf(InternalServerException.class);
        assertThat(RpcException.of(-503, "Timeout")).isInstanceOf(InternalServerException.class);
        RpcException plain = RpcException.of(400, "PHONE_CODE_INVALID");
        assertThat(plain.getClass()).isEqualTo(RpcException.class);
        assertThat(plain.parameter()).isEmpty();
        assertThat(plain.errorType()).isEqualTo("PHONE_CODE_INVALID");
    }

    @Test
    void numbersInTheMiddleArePatterned() {
        RpcException e = RpcException.of(500, "INTERDC_2_CALL_ERROR");
        assertThat(e.errorType()).isEqualTo("INTERDC_X_CALL_ERROR");
        assertThat(e.parameter()).hasValue(2);
        assertThat(RpcException.of(400, "FILE_PART_3_MISSING").errorType()).isEqualTo("FILE_PART_X_MISSING");
        // a non-numeric suffix is not a flood wait
        assertThat(RpcException.of(420, "FLOOD_WAIT_ABC")).isNotInstanceOf(FloodWaitException.class);
    }

    @Test
    void theAnswersThatEndALoginAreTypedAndNamedByTheirReason() {
        assertThat(RpcException.of(406, "AUTH_KEY_DUPLICATED")).isInstanceOf(AuthKeyDuplicatedException.class);
        assertThat(RpcException.of(406, "PHONE_NUMBER_INVALID")).isNotInstanceOf(AuthKeyDuplicatedException.class);
        assertThat(RpcException.of(401, "USER_DEACTIVATED_BAN")).isInstanceOf(UnauthorizedException.class);
        for (io.mtflux.core.event.RevocationReason r : io.mtflux.core.event.RevocationReason.values()) {
            int code = r == io.mtflux.core.event.RevocationReason.AUTH_KEY_DUPLICATED ? 406 : 401;
            assertThat(io.mtflux.core.event.RevocationReason.of(RpcException.of(code, r.name()))).contains(r);
            assertThat(r.dropsKey()).isEqualTo(code == 406);
        }
        assertThat(io.mtflux.core.event.RevocationReason.of(RpcException.of(401, "SESSION_PASSWORD_NEEDED")))
            .isEmpty();
        assertThat(io.mtflux.core.event.RevocationReason.of(RpcException.of(401, "AUTH_KEY_PERM_EMPTY"))).isEmpty();
        assertThat(io.mtflux.core.event.RevocationReason.of(new IllegalStateException("SESSION_REVOKED"))).isEmpty();
    }
}
