package io.mtflux.core.rpc;

/** {@code PHONE_MIGRATE_X}, {@code USER_MIGRATE_X}, {@code NETWORK_MIGRATE_X}, {@code FILE_MIGRATE_X},
 * {@code STATS_MIGRATE_X}: repeat the call on DC X. */
public class MigrateException extends RpcException {
    private static final long serialVersionUID = 1L;

    /** What moves: for PHONE, USER and NETWORK the account's home DC changes; FILE and STATS only route the call. */
    public enum Kind {
        /** {@code PHONE_MIGRATE_X}: the phone number's account lives on DC X (during login). */
        PHONE,
        /** {@code USER_MIGRATE_X}: the account lives on DC X. */
        USER,
        /** {@code NETWORK_MIGRATE_X}: the client's network should use DC X. */
        NETWORK,
        /** {@code FILE_MIGRATE_X}: the file is stored on DC X. */
        FILE,
        /** {@code STATS_MIGRATE_X}: the statistics are served by DC X. */
        STATS;

        /** {@return whether this migration changes the account's home DC} */
        public boolean movesHomeDc() {
            return this == PHONE || this == USER || this == NETWORK;
        }
    }

    /** What the migration moves. */
    private final Kind kind;

    /**
     * Creates the exception.
     *
     * @param code the error code (303)
     * @param errorMessage the message, e.g. {@code PHONE_MIGRATE_4}
     * @throws IllegalArgumentException if the message is not a migration
     */
    public MigrateException(int code, String errorMessage) {
        super(code, errorMessage);
        Kind k = kindOf(errorType());
        if (k == null) {
            throw new IllegalArgumentException("not a migration error: " + errorMessage);
        }
        this.kind = k;
    }

    static Kind kindOf(String type) {
        return switch (type) {
            case "PHONE_MIGRATE_X" -> Kind.PHONE;
            case "USER_MIGRATE_X" -> Kind.USER;
            case "NETWORK_MIGRATE_X" -> Kind.NETWORK;
            case "FILE_MIGRATE_X" -> Kind.FILE;
            case "STATS_MIGRATE_X" -> Kind.STATS;
            default -> null;
        };
    }

    /**
     * {@return what the migration moves}
     */
    public Kind kind() {
        return kind;
    }

    /** {@return the DC to repeat the call on} */
    public int dcId() {
        return (int) parameter().orElseThrow();
    }
}
