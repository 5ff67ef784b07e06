package io.mtflux.samples;

/** Bad command-line input (an unknown flag, a missing or malformed value): the CLIs exit with code 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
