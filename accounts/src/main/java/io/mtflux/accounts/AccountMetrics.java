package io.mtflux.accounts;

import java.util.function.IntSupplier;

/**
 * What the manager measures; {@link #NONE} without a meter registry (Micrometer is optional), else
 * {@link MicrometerAccountMetrics}.
 */
interface AccountMetrics {
    AccountMetrics NONE = new AccountMetrics() {
        @Override
        public void added(AccountState state) {
        }

        @Override
        public void removed(AccountState state) {
        }

        @Override
        public void transition(String accountId, AccountState from, AccountState to) {
        }

        @Override
        public void login(String accountId, String outcome) {
        }

        @Override
        public void leasesHeld(IntSupplier held) {
        }

        @Override
        public void leaseAcquired() {
        }

        @Override
        public void leaseLost() {
        }

        @Override
        public void leaseRenewed(long nanos, String outcome) {
        }

        @Override
        public void parked(String reason) {
        }

        @Override
        public void woke(String trigger, String outcome, long nanos) {
        }
    };

    /** An account entered the table in {@code state}. */
    void added(AccountState state);

    /** An account in {@code state} left the table. */
    void removed(AccountState state);

    void transition(String accountId, AccountState from, AccountState to);

    /** A login of the pipeline ended: {@code ok} or the error's simple class name. */
    void login(String accountId, String outcome);

    /** Registers the gauge of the leases this instance holds. */
    void leasesHeld(IntSupplier held);

    void leaseAcquired();

    void leaseLost();

    /** One renewal round trip: how long, and its outcome (ok, lost, error). */
    void leaseRenewed(long nanos, String outcome);

    /** An account was parked ({@code idle}, {@code manual} or {@code schedule}: parked again after its wake). */
    void parked(String reason);

    /**
     * A wake ended: what started it ({@code call}, {@code schedule}, {@code manual}, {@code login}), its outcome
     * ({@code ok}: connected and caught up, else the error's simple class name) and how long it took.
     */
    void woke(String trigger, String outcome, long nanos);
}
