package io.mtflux.accounts;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One account to run: its id (the key of its session in the store) and optionally its own API credentials (else the
 * manager's defaults, else the template's, else the ones its stored session saved). Immutable; {@code toString()}
 * never shows the api_hash.
 */
public final class AccountSpec {
    private final String id;
    private final int apiId;
    private final String apiHash;

    private AccountSpec(String id, int apiId, String apiHash) {
        this.id = id;
        this.apiId = apiId;
        this.apiHash = apiHash;
    }

    /**
     * An account with the manager's default credentials.
     *
     * @param id the account id: the key of its session in the store, unique in one manager
     * @return the spec
     * @throws NullPointerException for a null id
     * @throws IllegalArgumentException for a blank id
     */
    public static AccountSpec of(String id) {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("an account id must not be blank");
        }
        return new AccountSpec(id, 0, null);
    }

    /**
     * A copy with its own API credentials.
     *
     * @param id the api_id, positive
     * @param hash the api_hash (a secret: kept out of {@code toString()})
     * @return a spec for the same account with these credentials
     * @throws NullPointerException for a null hash
     * @throws IllegalArgumentException when the api_id is not positive or the hash empty
     */
    public AccountSpec withApiCredentials(int id, String hash) {
        Objects.requireNonNull(hash, "hash");
        if (id <= 0 || hash.isEmpty()) {
            throw new IllegalArgumentException("API credentials need a positive api_id and a non-empty api_hash");
        }
        return new AccountSpec(this.id, id, hash);
    }

    /**
     * The account id.
     *
     * @return the key of the account's session in the store
     */
    public String id() {
        return id;
    }

    /**
     * Whether the spec has its own credentials.
     *
     * @return true after {@link #withApiCredentials(int, String)}
     */
    public boolean hasApiCredentials() {
        return apiHash != null;
    }

    /**
     * Its own api_id, if any.
     *
     * @return the api_id, empty without own credentials
     */
    public OptionalInt apiId() {
        return apiHash == null ? OptionalInt.empty() : OptionalInt.of(apiId);
    }

    /** Its own api_hash (a secret: never log it), or null. */
    String apiHash() {
        return apiHash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccountSpec other && id.equals(other.id) && apiId == other.apiId
            && Objects.equals(apiHash, other.apiHash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, apiId, apiHash);
    }

    @Override
    public String toString() {
        return "AccountSpec{" + id + (apiHash == null ? "" : ", apiId=" + apiId + ", apiHash=<redacted>") + "}";
    }
}
