package io.mtflux.accounts;

import io.mtflux.core.tl.api.Updates;
import java.util.Objects;

/**
 * One {@code Updates} of one account, as its client's {@code updates()} emitted it (in its pts/qts/seq order, gaps
 * filled), tagged with the account.
 *
 * @param accountId the account
 * @param updates what the client emitted
 */
public record AccountUpdate(String accountId, Updates updates) {
    /**
     * Checks that both components are set.
     *
     * @param accountId the account
     * @param updates what the client emitted
     * @throws NullPointerException if {@code accountId} or {@code updates} is null
     */
    public AccountUpdate {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(updates, "updates");
    }
}
