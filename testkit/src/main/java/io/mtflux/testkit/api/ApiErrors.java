package io.mtflux.testkit.api;

import io.mtflux.core.rpc.RpcException;

/** The rpc_errors the cluster answers with, built in one place so codes stay consistent (https://core.telegram.org/api/errors). */
final class ApiErrors {
    private ApiErrors() {
    }

    static RpcException badRequest(String message) {
        return RpcException.of(400, message);
    }

    static RpcException unauthorized(String message) {
        return RpcException.of(401, message);
    }

    static RpcException phoneNumberInvalid() {
        return RpcException.of(406, "PHONE_NUMBER_INVALID");
    }

    /** Every kind of the delivery chain was used (https://core.telegram.org/method/auth.resendCode). */
    static RpcException sendCodeUnavailable() {
        return RpcException.of(406, "SEND_CODE_UNAVAILABLE");
    }

    static RpcException phoneMigrate(int dc) {
        return RpcException.of(303, "PHONE_MIGRATE_" + dc);
    }

    static RpcException userMigrate(int dc) {
        return RpcException.of(303, "USER_MIGRATE_" + dc);
    }

    static RpcException floodWait(long seconds) {
        return RpcException.of(420, "FLOOD_WAIT_" + seconds);
    }

    /** The key was seen in use from two places at once (https://core.telegram.org/api/errors, 406). */
    static RpcException authKeyDuplicated() {
        return RpcException.of(406, "AUTH_KEY_DUPLICATED");
    }

    static RpcException phoneNumberBanned() {
        return RpcException.of(400, "PHONE_NUMBER_BANNED");
    }

    static RpcException passwordNeeded() {
        return RpcException.of(401, "SESSION_PASSWORD_NEEDED");
    }
}
