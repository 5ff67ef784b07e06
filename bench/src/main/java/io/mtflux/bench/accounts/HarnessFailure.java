package io.mtflux.bench.accounts;

/**
 * Aborts the failover harness: a check failed (two instances authorized for one account, a fence that did not grow,
 * a line outside the CLI's contract, an exit code other than 0) or a step did not finish in time. The message says
 * which; it never holds a secret (the CLI's lines and stderr carry none).
 */
final class HarnessFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HarnessFailure(String message) {
        super(message);
    }

    HarnessFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
