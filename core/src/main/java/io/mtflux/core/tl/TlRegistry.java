package io.mtflux.core.tl;

import io.mtflux.core.tl.api.ApiSchema;
import io.mtflux.core.tl.mtproto.MtprotoSchema;

/** The static constructor-id table over both generated schemas (MTProto service types first, then the API). */
final class TlRegistry {
    private TlRegistry() {
    }

    /** Reads the fields of the constructor {@code id}, or returns null when no schema knows the id. */
    static TlObject readBare(int id, TlReader reader) {
        TlObject value = MtprotoSchema.readBare(id, reader);
        return value != null ? value : ApiSchema.readBare(id, reader);
    }
}
