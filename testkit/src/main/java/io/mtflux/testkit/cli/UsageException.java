package io.mtflux.testkit.cli;

/**
 * A bad command line: unknown flag, missing or malformed value, unreadable key file. The message is one line
 * meant for the operator and never quotes a password, a bot token or key material. The command exits with
 * {@link #EXIT_CODE}.
 */
public final class UsageException extends Exception {
    /** The process exit code of a bad command line. */
    public static final int EXIT_CODE = 2;

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, on one line
     */
    public UsageException(String message) {
        super(message);
    }
}
