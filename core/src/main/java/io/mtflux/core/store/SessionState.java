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
 */
public record SessionState(long version, int homeDc, Map<Integer, DcAuth> dcs, Long userId, boolean bot,
                           List<DcEndpoint> dcOptions, UpdateState updateState) {
    public SessionState {
        if (version < 0 || homeDc <= 0) {
            throw new IllegalArgumentException("version must be >= 0 and homeDc > 0");
        }
        dcs = Map.copyOf(Objects.requireNonNull(dcs, "dcs"));
        dcOptions = List.copyOf(Objects.requireNonNull(dcOptions, "dcOptions"));
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
        return new SessionState(newVersion, homeDc, dcs, userId, bot, dcOptions, updateState);
    }

    public SessionState withHomeDc(int dcId) {
        return new SessionState(version, dcId, dcs, userId, bot, dcOptions, updateState);
    }

    public SessionState withDc(int dcId, DcAuth auth) {
        Map<Integer, DcAuth> copy = new TreeMap<>(dcs);
        copy.put(dcId, auth);
        return new SessionState(version, homeDc, copy, userId, bot, dcOptions, updateState);
    }

    public SessionState withoutDc(int dcId) {
        Map<Integer, DcAuth> copy = new TreeMap<>(dcs);
        copy.remove(dcId);
        return new SessionState(version, homeDc, copy, userId, bot, dcOptions, updateState);
    }

    public SessionState withUser(Long user, boolean isBot) {
        return new SessionState(version, homeDc, dcs, user, isBot, dcOptions, updateState);
    }

    public SessionState withDcOptions(List<DcEndpoint> options) {
        return new SessionState(version, homeDc, dcs, userId, bot, options, updateState);
    }

    public SessionState withUpdateState(UpdateState state) {
        return new SessionState(version, homeDc, dcs, userId, bot, dcOptions, state);
    }

    /** Prints DC ids and key ids only, never keys. */
    @Override
    public String toString() {
        return "SessionState{version=" + version + ", homeDc=" + homeDc + ", dcs=" + dcs + ", userId=" + userId
            + ", bot=" + bot + ", dcOptions=" + dcOptions.size() + ", updateState=" + updateState + "}";
    }
}
