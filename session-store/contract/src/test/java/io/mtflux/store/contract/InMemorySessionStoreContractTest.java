package io.mtflux.store.contract;

import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.store.SessionStore;
import org.junit.jupiter.api.Assumptions;

/** The kit against core's in-memory store (leases included; it holds nothing that could be corrupted). */
class InMemorySessionStoreContractTest extends SessionStoreContract {

    @Override
    protected SessionStore newStore() {
        return new InMemorySessionStore();
    }

    @Override
    protected void corrupt(SessionStore s, String accountId) {
        Assumptions.abort(NOT_APPLICABLE + "an in-memory store holds objects, not data that could be corrupted");
    }

    @Override
    protected Object rawStoredData(SessionStore s, String accountId) {
        return null;
    }
}
