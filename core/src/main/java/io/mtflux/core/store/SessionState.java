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
 */
public record SessionState(long version, int homeDc, Map<Integer, DcAuth> dcs, Long userId, boolean bot,
                           List<DcEndpoint> dcOptions, UpdateState updateState, Integer apiId, String apiHash) {
    /** The longest api_hash a session keeps (Telegram's are 32 hex digits). */
    public static final int MAX_API_HASH_LENGTH = 255;

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

    /** A state without API credentials (the form before they were kept). */
    public SessionState(long version, int homeDc, Map<Integer, DcAuth> dcs, Long userId, boolean bot,
                        List<DcEndpoint> dcOptions, UpdateState updateState) {
        this(version, homeDc, dcs, userId, bot, dcOptions, updateState, null, null);
    }

    /** Whether {@code apiHash} is a hash a session can keep: 1 to 255 characters in {@code !..~}. */
    public static boolean isValidApiHash(String apiHash) {
        if (apiHash == null || apiHash.isEmpty() || apiHash.length() > MAX_API_HASH_LENGTH) {
            return false;
        }
        return apiHash.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    /** A fresh state with no keys, homed on {@code homeDc}. */
    public static SessionState initial(int homeDc, List<DcEndpoint> dcOptions) {
        return new SessionState(0, homeDc, Map.of(), null, false, dcOptions, null);
    }

    public Optional<DcAuth> dc(int dcId) {
        return Optional.ofNullable(dcs.get(dcId));
    }

    public Optional<Long> user() {
        return Optional.ofNullable(userId);
    }

    public SessionState withVersion(long newVersion) {
        return new SessionState(newVersion, homeDc, dcs, userId, bot, dcOptions, updateState, apiId, apiHash);
    }

    public SessionState withHomeDc(int dcId) {
        return new SessionState(version, dcId, dcs, userId, bot, dcOptions, updateState, apiId, apiHash);
    }

    public SessionState withDc(int dcId, DcAuth auth) {
        Map<Integer, DcAuth> copy = new TreeMap<>(dcs);
        copy.put(dcId, auth);
        return new SessionState(version, homeDc, copy, userId, bot, dcOptions, updateState, apiId, apiHash);
    }

    public SessionState withoutDc(int dcId) {
        Map<Integer, DcAuth> copy = new TreeMap<>(dcs);
        copy.remove(dcId);
        return new SessionState(version, homeDc, copy, userId, bot, dcOptions, updateState, apiId, apiHash);
    }

    public SessionState withUser(Long user, boolean isBot) {
        return new SessionState(version, homeDc, dcs, user, isBot, dcOptions, updateState, apiId, apiHash);
    }

    public SessionState withDcOptions(List<DcEndpoint> options) {
        return new SessionState(version, homeDc, dcs, userId, bot, options, updateState, apiId, apiHash);
    }

    public SessionState withUpdateState(UpdateState state) {
        return new SessionState(version, homeDc, dcs, userId, bot, dcOptions, state, apiId, apiHash);
    }

    /**
     * This state with these API credentials (either may be null: not known).
     *
     * @throws IllegalArgumentException for an api_id that is not positive or an api_hash of the wrong shape
     */
    public SessionState withApiCredentials(Integer newApiId, String newApiHash) {
        return new SessionState(version, homeDc, dcs, userId, bot, dcOptions, updateState, newApiId, newApiHash);
    }

    /** Whether both the api_id and the api_hash are known. */
    public boolean hasApiCredentials() {
        return apiId != null && apiHash != null;
    }

    /**
     * This state logged out: no user, no DC marked authorized, the keys kept (they can log in again).
     */
    public SessionState loggedOut() {
        Map<Integer, DcAuth> copy = new TreeMap<>();
        for (Map.Entry<Integer, DcAuth> e : dcs.entrySet()) {
            copy.put(e.getKey(), e.getValue().withAuthorized(false));
        }
        return new SessionState(version, homeDc, copy, null, false, dcOptions, updateState, apiId, apiHash);
    }

    /** Prints DC ids and key ids only, never keys, and whether an api_hash is known, never the hash. */
    @Override
    public String toString() {
        return "SessionState{version=" + version + ", homeDc=" + homeDc + ", dcs=" + dcs + ", userId=" + userId
            + ", bot=" + bot + ", dcOptions=" + dcOptions.size() + ", updateState=" + updateState + ", apiId="
            + apiId + ", apiHash=" + (apiHash == null ? "none" : "<redacted>") + "}";
    }
}
