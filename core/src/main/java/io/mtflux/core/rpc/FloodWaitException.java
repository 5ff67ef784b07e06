package io.mtflux.core.rpc;

import java.time.Duration;
import java.util.Set;

/** {@code FLOOD_WAIT_X} and its kin ({@code SLOWMODE_WAIT_X}, {@code FLOOD_PREMIUM_WAIT_X}, ...): wait X seconds. */
public class FloodWaitException extends RpcException {
    private static final long serialVersionUID = 1L;
    private static final Set<String> TYPES = Set.of("FLOOD_WAIT_X", "FLOOD_PREMIUM_WAIT_X", "SLOWMODE_WAIT_X",
        "2FA_CONFIRM_WAIT_X", "TAKEOUT_INIT_DELAY_X", "FLOOD_TEST_PHONE_WAIT_X");

    /**
     * Creates the exception.
     *
     * @param code the error code (420)
     * @param errorMessage the message, e.g. {@code FLOOD_WAIT_31}
     */
    public FloodWaitException(int code, String errorMessage) {
        super(code, errorMessage);
    }

    static boolean isFloodWait(String type) {
        return TYPES.contains(type);
    }

    /** {@return seconds to wait before the call may be sent again} */
    public long seconds() {
        return parameter().orElse(0);
    }

    /** {@return the wait, clamped to at least one second (as tdlib does)} */
    public Duration duration() {
        return Duration.ofSeconds(Math.max(1, seconds()));
    }
}
