package io.mtflux.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.core.event.RevocationReason;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The transition table: what is legal, what throws, where revocations lead. */
class AccountStateTest {
    @Test
    void theStartAndLoginPathIsLegal() {
        AccountState s = AccountState.NEW;
        for (AccountState next : new AccountState[] {AccountState.CONNECTING, AccountState.NEEDS_LOGIN,
            AccountState.LOGGING_IN, AccountState.FLOOD_WAIT, AccountState.NEEDS_LOGIN, AccountState.LOGGING_IN,
            AccountState.AUTHORIZED, AccountState.RECONNECTING, AccountState.AUTHORIZED, AccountState.REVOKED,
            AccountState.LOGGING_IN, AccountState.AUTHORIZED, AccountState.STOPPED, AccountState.CONNECTING}) {
            s = s.moveTo(next, "a");
        }
        assertThat(s).isEqualTo(AccountState.CONNECTING);
    }

    @Test
    void anIllegalTransitionIsABugThatThrows() {
        assertThatThrownBy(() -> AccountState.NEW.moveTo(AccountState.AUTHORIZED, "ann"))
            .isInstanceOf(IllegalStateException.class).hasMessage("account ann: illegal transition NEW -> AUTHORIZED");
        assertThatThrownBy(() -> AccountState.BANNED.moveTo(AccountState.LOGGING_IN, "ann"))
            .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> AccountState.STOPPED.moveTo(AccountState.STOPPED, "ann"))
            .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> AccountState.NEEDS_LOGIN.moveTo(AccountState.AUTHORIZED, "ann"))
            .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void everyStateButStoppedCanStopAndStoppedOnlyStartsAgain() {
        for (AccountState s : AccountState.values()) {
            assertThat(s.canMoveTo(AccountState.STOPPED)).as("%s -> STOPPED", s).isEqualTo(s != AccountState.STOPPED);
        }
        assertThat(AccountState.STOPPED.next()).containsExactly(AccountState.CONNECTING, AccountState.PARKED);
        assertThat(AccountState.LEASE_LOST.next()).containsExactly(AccountState.STOPPED);
    }

    @Test
    void parkingAndWakingFollowTheTable() {
        AccountState s = AccountState.NEW;
        for (AccountState next : new AccountState[] {AccountState.PARKED, AccountState.WAKING, AccountState.AUTHORIZED,
            AccountState.PARKED, AccountState.WAKING, AccountState.PARKED, AccountState.WAKING,
            AccountState.FLOOD_WAIT, AccountState.AUTHORIZED, AccountState.PARKED, AccountState.STOPPED,
            AccountState.PARKED, AccountState.LEASE_LOST, AccountState.STOPPED}) {
            s = s.moveTo(next, "a");
        }
        assertThat(AccountState.PARKED.next()).containsExactly(AccountState.WAKING, AccountState.LEASE_LOST,
            AccountState.STOPPED);
        for (RevocationReason r : RevocationReason.values()) {
            assertThat(AccountState.WAKING.canMoveTo(AccountState.of(r))).as("WAKING -> %s", r).isTrue();
            // a parked account has no client to hear a revocation: it learns of it when it wakes
            assertThat(AccountState.PARKED.canMoveTo(AccountState.of(r))).isFalse();
        }
        // only an authorized account parks; a wake goes through WAKING
        for (AccountState from : AccountState.values()) {
            assertThat(from.canMoveTo(AccountState.PARKED)).as("%s -> PARKED", from).isEqualTo(
                EnumSet.of(AccountState.NEW, AccountState.STOPPED, AccountState.AUTHORIZED, AccountState.WAKING)
                    .contains(from));
            assertThat(from.canMoveTo(AccountState.WAKING)).isEqualTo(from == AccountState.PARKED);
        }
        assertThatThrownBy(() -> AccountState.PARKED.moveTo(AccountState.AUTHORIZED, "ann"))
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("account ann: illegal transition PARKED -> AUTHORIZED");
        assertThatThrownBy(() -> AccountState.NEEDS_LOGIN.moveTo(AccountState.PARKED, "ann"))
            .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void hotStatesHoldAClient() {
        assertThat(EnumSet.allOf(AccountState.class).stream().filter(s -> !s.isHot()).toList())
            .containsExactly(AccountState.NEW, AccountState.PARKED, AccountState.LEASE_LOST, AccountState.STOPPED);
    }

    @Test
    void everyStateIsReachableFromNew() {
        EnumSet<AccountState> seen = EnumSet.of(AccountState.NEW);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (AccountState s : EnumSet.copyOf(seen)) {
                grew |= seen.addAll(s.next());
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(AccountState.values());
    }

    @Test
    void revocationsLeadToTheirStates() {
        assertThat(AccountState.of(RevocationReason.AUTH_KEY_UNREGISTERED)).isEqualTo(AccountState.LOGGED_OUT);
        assertThat(AccountState.of(RevocationReason.SESSION_EXPIRED)).isEqualTo(AccountState.LOGGED_OUT);
        assertThat(AccountState.of(RevocationReason.SESSION_REVOKED)).isEqualTo(AccountState.REVOKED);
        assertThat(AccountState.of(RevocationReason.USER_DEACTIVATED)).isEqualTo(AccountState.DEACTIVATED);
        assertThat(AccountState.of(RevocationReason.USER_DEACTIVATED_BAN)).isEqualTo(AccountState.BANNED);
        assertThat(AccountState.of(RevocationReason.AUTH_KEY_DUPLICATED)).isEqualTo(AccountState.KEY_DUPLICATED);
        for (RevocationReason r : RevocationReason.values()) {
            assertThat(AccountState.AUTHORIZED.canMoveTo(AccountState.of(r))).isTrue();
        }
    }

    @Test
    void specsAndOptionsNeverPrintTheApiHash() {
        AccountSpec spec = AccountSpec.of("ann").withApiCredentials(7, "secret-hash");
        assertThat(spec.toString()).doesNotContain("secret-hash").contains("ann");
        assertThatThrownBy(() -> AccountSpec.of(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> spec.withApiCredentials(0, "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
