package io.mtflux.samples;

import io.mtflux.core.store.SessionState;
import java.util.Map;

/**
 * The {@code --api-id} and {@code --api-hash} flags of the CLIs (else {@code MTFLUX_API_ID} and
 * {@code MTFLUX_API_HASH}), checked. {@code toString()} never shows the api_hash.
 *
 * @param apiId the api_id, positive
 * @param apiHash the api_hash (a secret)
 */
record ApiCredentials(int apiId, String apiHash) {

    /**
     * The credentials of {@code flags}, else of {@code env}; null when neither gives any.
     *
     * @throws UsageException for only one of the two, a bad number, an api_id that is not positive or an api_hash
     *     of a bad shape (the message does not show it)
     */
    static ApiCredentials parse(Map<String, String> flags, Map<String, String> env) {
        String id = flags.getOrDefault("--api-id", env.get("MTFLUX_API_ID"));
        String hash = flags.getOrDefault("--api-hash", env.get("MTFLUX_API_HASH"));
        if ((id == null) != (hash == null)) {
            throw new UsageException("--api-id and --api-hash go together (or MTFLUX_API_ID and MTFLUX_API_HASH)");
        }
        if (id == null) {
            return null;
        }
        int apiId = Flags.intFlag("--api-id", id);
        if (apiId <= 0) {
            throw new UsageException("--api-id must be a positive number, got " + apiId);
        }
        if (!SessionState.isValidApiHash(hash)) {
            // the value is a secret: only its shape is named
            throw new UsageException("--api-hash must be 1 to " + SessionState.MAX_API_HASH_LENGTH
                + " printable ASCII characters without spaces");
        }
        return new ApiCredentials(apiId, hash);
    }

    /**
     * The credentials of {@code flags}, else of {@code env}.
     *
     * @throws UsageException when neither gives any, or as {@link #parse}
     */
    static ApiCredentials required(Map<String, String> flags, Map<String, String> env) {
        ApiCredentials credentials = parse(flags, env);
        if (credentials == null) {
            throw new UsageException("--api-id and --api-hash (or MTFLUX_API_ID and MTFLUX_API_HASH) are required");
        }
        return credentials;
    }

    @Override
    public String toString() {
        return "ApiCredentials{apiId=" + apiId + ", apiHash=<redacted>}";
    }
}
