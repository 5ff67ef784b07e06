package io.mtflux.core.store;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The persistent state of one account. Immutable: every {@code with*} returns a new value with the same version;
 * {@link SessionStore#save} stores it and hands back the next version.
 *
 * @param version the stored version this state was loaded at (0 for a state never stored)
 * @param homeDc the account's home (main) DC
 * @param dcs per DC id, the auth key and its bookkeeping
 * @param userId the logged-in user, if any
 * @param bot whether the account is a bot
 * @param dcOptions known DC addresses (from the builder or {@code help.getConfig})
 * @param updateState the update sequence position, if known
 * @param apiId the api_id the account logged in with, if known (saved at login, so a restart needs none)
 * @param apiHash the api_hash the account logged in with, if known: a secret, never printed; 1 to 255 printable
 *     ASCII characters
 * @param pendingLogin the login under way (a code sent, a 2FA password or a sign-up awaited), or null; cleared by
 *     a successful login, a logout and a revocation
 */
public record SessionState(long version, int homeDc, Map<Integer, DcAuth> dcs, Long userId, boolean bot,
                           List<DcEndpoint> dcOptions, UpdateState updateState, Integer apiId, String apiHash,
                           PendingLogin pendingLogin) {
    /** The longest api_hash a session keeps (Telegram's are 32 hex digits). */
    public static final int MAX_API_HASH_LENGTH = 255;

    /**
     * Copies the maps and lists and checks the values.
     *
     * @param version the stored version, at least 0
     * @param homeDc the home DC, positive
     * @param dcs per DC id, the auth key and its bookkeeping
     * @param userId the logged-in user, or null
     * @param bot whether the account is a bot
     * @param dcOptions known DC addresses
     * @param updateState the update sequence position, or null
     * @param apiId the api_id, positive, or null
     * @param apiHash the api_hash (a secret), or null
     * @param pendingLogin the login under way, or null
     * @throws IllegalArgumentException if a number is out of range or the api_hash has the wrong shape
     */
    public SessionState {
        if (version < 0 || homeDc <= 0) {
            throw new IllegalArgumentException("version must be >= 0 and homeDc > 0");
        }
        dcs = Map.copyOf(Objects.requireNonNull(dcs, "dcs"));
        dcOptions = List.copyOf(Objects.requireNonNull(dcOptions, "dcOptions"));
        if (apiId != null && apiId <= 0) {
            throw new IllegalArgumentException("apiId must be positive, got " + apiId);
        }
        if (apiHash != null && !isValidApiHash(apiHash)) {
            // the value itself is a secret: only its shape is named
            throw new IllegalArgumentException("apiHash must be 1 to " + MAX_API_HASH_LENGTH
                + " printable ASCII characters without spaces (" + apiHash.length() + " characters given)");
        }
    }

    /**
     * A state without a pending login (the form before pending logins were kept).
     *
     * @param version the stored version, at least 0
     * @param homeDc the home DC, positive
     * @param dcs per DC id, the auth key and its bookkeeping
     * @param userId the logged-in user, or null
     * @param bot whether the account is a bot
     * @param dcOptions known DC addresses
     * @param updateState the update sequence position, or null
     * @param apiId the api_id, positive, or null
     * @param apiHash the api_hash (a secret), or null
     * @throws IllegalArgumentException if a number is out of range or the api_hash has the wrong shape
     */
    public SessionState(long version, int homeDc, Map<Integer, DcAuth> dcs, Long userId, boolean bot,
                        List<DcEndpoint> dcOptions, UpdateState updateState, Integer apiId, String apiHash) {
        this(version, homeDc, dcs, userId, bot, dcOptions, updateState, apiId, apiHash, null);
    }

    /**
     * A state without API credentials (the form before they were kept).
     *
     * @param version the stored version, at least 0
     * @param homeDc the home DC, positive
     * @param dcs per DC id, the auth key and its bookkeeping
     * @param userId the logged-in user, or null
     * @param bot whether the account is a bot
     * @param dcOptions known DC addresses
     * @param updateState the update sequence position, or null
     */
    public SessionState(long version, int homeDc, Map<Integer, DcAuth> dcs, Long userId, boolean bot,
                        List<DcEndpoint> dcOptions, UpdateState updateState) {
        this(version, homeDc, dcs, userId, bot, dcOptions, updateState, null, null, null);
    }

    /**
     * Whether {@code apiHash} is a hash a session can keep: 1 to 255 characters in {@code !..~}.
     *
     * @param apiHash a candidate, possibly null
     * @return whether a session can keep it
     */
    public static boolean isValidApiHash(String apiHash) {
        if (apiHash == null || apiHash.isEmpty() || apiHash.length() > MAX_API_HASH_LENGTH) {
            return false;
        }
        return apiHash.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    /**
     * A fresh state with no keys, homed on {@code homeDc}.
     *
     * @param homeDc the DC the account starts on
     * @param dcOptions the known DC addresses
     * @return the state, at version 0
     */
    public static SessionState initial(int homeDc, List<DcEndpoint> dcOptions) {
        return new SessionState(0, homeDc, Map.of(), null, false, dcOptions, null);
    }

    /**
     * What the account has on {@code dcId}.
     *
     * @param dcId a DC id
     * @return the key and its bookkeeping, or empty when the account has no key there
     */
    public Optional<DcAuth> dc(int dcId) {
        return Optional.ofNullable(dcs.get(dcId));
    }

    /**
     * {@return the logged-in user, or empty}
     */
    public Optional<Long> user() {
        return Optional.ofNullable(userId);
    }

    /**
     * This state at another version (stores use it when they hand back what they saved).
     *
     * @param newVersion the version
     * @return the new state
     */
    public SessionState withVersion(long newVersion) {
        return new SessionState(newVersion, homeDc, dcs, userId, bot, dcOptions, updateState, apiId, apiHash,
            pendingLogin);
    }

    /**
     * This state with another home DC.
     *
     * @param dcId the new home DC
     * @return the new state
     */
    public SessionState withHomeDc(int dcId) {
        return new SessionState(version, dcId, dcs, userId, bot, dcOptions, updateState, apiId, apiHash,
            pendingLogin);
    }

    /**
     * This state with {@code auth} for {@code dcId}, replacing what was there.
     *
     * @param dcId a DC id
     * @param auth the key and its bookkeeping
     * @return the new state
     */
    public SessionState withDc(int dcId, DcAuth auth) {
        Map<Integer, DcAuth> copy = new TreeMap<>(dcs);
        copy.put(dcId, auth);
        return new SessionState(version, homeDc, copy, userId, bot, dcOptions, updateState, apiId, apiHash,
            pendingLogin);
    }

    /**
     * This state without anything for {@code dcId} (a dropped key).
     *
     * @param dcId a DC id
     * @return the new state
     */
    public SessionState withoutDc(int dcId) {
        Map<Integer, DcAuth> copy = new TreeMap<>(dcs);
        copy.remove(dcId);
        return new SessionState(version, homeDc, copy, userId, bot, dcOptions, updateState, apiId, apiHash,
            pendingLogin);
    }

    /**
     * This state logged in as {@code user}.
     *
     * @param user the user id, or null for none
     * @param isBot whether the user is a bot
     * @return the new state
     */
    public SessionState withUser(Long user, boolean isBot) {
        return new SessionState(version, homeDc, dcs, user, isBot, dcOptions, updateState, apiId, apiHash,
            pendingLogin);
    }

    /**
     * This state with other known DC addresses.
     *
     * @param options the addresses
     * @return the new state
     */
    public SessionState withDcOptions(List<DcEndpoint> options) {
        return new SessionState(version, homeDc, dcs, userId, bot, options, updateState, apiId, apiHash,
            pendingLogin);
    }

    /**
     * This state with another update sequence position.
     *
     * @param state the position, or null when unknown
     * @return the new state
     */
    public SessionState withUpdateState(UpdateState state) {
        return new SessionState(version, homeDc, dcs, userId, bot, dcOptions, state, apiId, apiHash,
            pendingLogin);
    }

    /**
     * This state with these API credentials (either may be null: not known).
     *
     * @param newApiId the api_id, or null
     * @param newApiHash the api_hash (a secret), or null
     * @return the new state
     * @throws IllegalArgumentException for an api_id that is not positive or an api_hash of the wrong shape
     */
    public SessionState withApiCredentials(Integer newApiId, String newApiHash) {
        return new SessionState(version, homeDc, dcs, userId, bot, dcOptions, updateState, newApiId, newApiHash,
            pendingLogin);
    }

    /**
     * This state with another pending login.
     *
     * @param login the login under way, or null for none
     * @return the new state
     */
    public SessionState withPendingLogin(PendingLogin login) {
        return new SessionState(version, homeDc, dcs, userId, bot, dcOptions, updateState, apiId, apiHash, login);
    }

    /**
     * {@return the login under way, or empty}
     */
    public Optional<PendingLogin> pending() {
        return Optional.ofNullable(pendingLogin);
    }

    /** {@return whether both the api_id and the api_hash are known} */
    public boolean hasApiCredentials() {
        return apiId != null && apiHash != null;
    }

    /**
     * This state logged out: no user, no DC marked authorized, no pending login, the keys kept (they can log in
     * again).
     *
     * @return the new state
     */
    public SessionState loggedOut() {
        Map<Integer, DcAuth> copy = new TreeMap<>();
        for (Map.Entry<Integer, DcAuth> e : dcs.entrySet()) {
            copy.put(e.getKey(), e.getValue().withAuthorized(false));
        }
        return new SessionState(version, homeDc, copy, null, false, dcOptions, updateState, apiId, apiHash, null);
    }

    /**
     * Prints DC ids and key ids only, never keys, whether an api_hash is known, never the hash, and the pending
     * login without its phone_code_hash.
     */
    @Override
    public String toString() {
        return "SessionState{version=" + version + ", homeDc=" + homeDc + ", dcs=" + dcs + ", userId=" + userId
            + ", bot=" + bot + ", dcOptions=" + dcOptions.size() + ", updateState=" + updateState + ", apiId="
            + apiId + ", apiHash=" + (apiHash == null ? "none" : "<redacted>") + ", pendingLogin=" + pendingLogin + "}";
    }
}
