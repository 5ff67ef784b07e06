package io.mtflux.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.accounts.AccountEvent;
import io.mtflux.accounts.AccountState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The accounts CLI's JSON lines: keys in their order, optional fields, string escaping. */
class AccountsCliLinesTest {
    private static final Instant AT = Instant.parse("2025-01-02T03:04:05Z");

    @Test
    void everyFieldInItsOrder() {
        AccountEvent e = new AccountEvent("a7", AccountState.CONNECTING, AccountState.AUTHORIZED, "session verified",
            AT, null, 12, 1_000_000_000_042L, 3);
        assertThat(AccountLines.account(e, "worker-1")).isEqualTo("{\"event\":\"account\",\"account\":\"a7\","
            + "\"state\":\"AUTHORIZED\",\"instance\":\"worker-1\",\"user_id\":1000000000042,\"dc\":3,\"fence\":12}");
    }

    @Test
    void unknownFieldsAreLeftOut() {
        AccountEvent started = new AccountEvent("a1", AccountState.NEW, AccountState.CONNECTING, "started", AT, null,
            5, null, 0);
        assertThat(AccountLines.account(started, "i")).isEqualTo("{\"event\":\"account\",\"account\":\"a1\","
            + "\"state\":\"CONNECTING\",\"instance\":\"i\",\"fence\":5}");
        AccountEvent noLease = new AccountEvent("a1", AccountState.AUTHORIZED, AccountState.STOPPED, "stopped", AT,
            null, 0, 42L, 2);
        assertThat(AccountLines.account(noLease, "i")).isEqualTo("{\"event\":\"account\",\"account\":\"a1\","
            + "\"state\":\"STOPPED\",\"instance\":\"i\",\"user_id\":42,\"dc\":2}");
        AccountEvent bare = new AccountEvent("a1", AccountState.NEW, AccountState.STOPPED, "stopped", AT, null);
        assertThat(AccountLines.account(bare, "i")).isEqualTo("{\"event\":\"account\",\"account\":\"a1\","
            + "\"state\":\"STOPPED\",\"instance\":\"i\"}");
    }

    @Test
    void theReasonAndTheFloodWaitEndAreNotPrinted() {
        AccountEvent flood = new AccountEvent("a1", AccountState.AUTHORIZED, AccountState.FLOOD_WAIT,
            "FLOOD_WAIT_X on users.getUsers", AT, AT.plusSeconds(30), 1, 9L, 2);
        assertThat(AccountLines.account(flood, "i")).isEqualTo("{\"event\":\"account\",\"account\":\"a1\","
            + "\"state\":\"FLOOD_WAIT\",\"instance\":\"i\",\"user_id\":9,\"dc\":2,\"fence\":1}")
            .doesNotContain("users.getUsers");
    }

    @Test
    void theReadyLine() {
        assertThat(AccountLines.ready("host-12")).isEqualTo("{\"event\":\"ready\",\"instance\":\"host-12\"}");
    }

    @Test
    void stringsAreEscapedAndLinesStayAscii() {
        assertThat(AccountLines.quote("plain-id_1.x")).isEqualTo("\"plain-id_1.x\"");
        assertThat(AccountLines.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(AccountLines.quote("\n\r\t\b\f")).isEqualTo("\"\\n\\r\\t\\b\\f\"");
        assertThat(AccountLines.quote("\u0000\u001f\u007f")).isEqualTo("\"\\u0000\\u001f\\u007f\"");
        assertThat(AccountLines.quote("caf\u00e9 \u2028")).isEqualTo("\"caf\\u00e9 \\u2028\"");
        // a character outside the BMP as its surrogate pair; a lone surrogate stays a valid escape
        assertThat(AccountLines.quote("\ud83d\ude00")).isEqualTo("\"\\ud83d\\ude00\"");
        assertThat(AccountLines.quote("\ud800")).isEqualTo("\"\\ud800\"");
        AccountEvent odd = new AccountEvent("x\"\n\u00e9", AccountState.NEW, AccountState.CONNECTING, "started", AT,
            null);
        String line = AccountLines.account(odd, "in\\st");
        assertThat(line).isEqualTo("{\"event\":\"account\",\"account\":\"x\\\"\\n\\u00e9\",\"state\":\"CONNECTING\","
            + "\"instance\":\"in\\\\st\"}");
        assertThat(line.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
    }
}
