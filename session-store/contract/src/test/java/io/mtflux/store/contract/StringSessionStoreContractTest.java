package io.mtflux.store.contract;

import io.mtflux.core.store.SessionStore;
import io.mtflux.core.store.StringSessionStore;

/** The kit against core's string-session store: corruption is a damaged string; it has no leases. */
class StringSessionStoreContractTest extends SessionStoreContract {

    @Override
    protected boolean hasLeases() {
        return false;
    }

    @Override
    protected SessionStore newStore() {
        return new StringSessionStore();
    }

    @Override
    protected void corrupt(SessionStore s, String accountId) {
        StringSessionStore store = (StringSessionStore) s;
        String text = store.string(accountId).orElseThrow();
        long version = store.load(accountId).block().version();
        store.putRaw(accountId, version, text.substring(0, text.length() / 2));
    }

    @Override
    protected Object rawStoredData(SessionStore s, String accountId) {
        return ((StringSessionStore) s).string(accountId).orElse(null);
    }
}
