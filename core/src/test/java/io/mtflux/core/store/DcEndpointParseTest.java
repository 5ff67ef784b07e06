package io.mtflux.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DcEndpointParseTest {

    @Test
    void parsesHostNamesAndIpv4() {
        assertThat(DcEndpoint.parse(2, "149.154.167.50:443"))
            .isEqualTo(new DcEndpoint(2, "149.154.167.50", 443, false, false));
        assertThat(DcEndpoint.parse(1, "localhost:1")).isEqualTo(DcEndpoint.of(1, "localhost", 1));
        assertThat(DcEndpoint.parse(5, "dc.example.org:65535")).isEqualTo(DcEndpoint.of(5, "dc.example.org", 65535));
    }

    @Test
    void parsesBracketedIpv6() {
        DcEndpoint e = DcEndpoint.parse(4, "[::1]:443");
        assertThat(e).isEqualTo(new DcEndpoint(4, "::1", 443, false, true));
        assertThat(DcEndpoint.parse(2, "[2001:67c:4e8:f002::a]:8443").host()).isEqualTo("2001:67c:4e8:f002::a");
    }

    @Test
    void rejectsMissingOrBadPortsSayingWhatWasExpected() {
        for (String bad : new String[] {"localhost", "localhost:", ":443", "localhost:0", "localhost:65536",
            "localhost:99999", "localhost:-1", "localhost:+80", "localhost:44a", "localhost:0000443"}) {
            assertThatThrownBy(() -> DcEndpoint.parse(2, bad)).as(bad)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("expected ")
                .hasMessageContaining("got '" + bad + "'");
        }
        assertThatThrownBy(() -> DcEndpoint.parse(2, "localhost:65536"))
            .hasMessage("expected a port from 1 to 65535 after the last ':', got 'localhost:65536'");
        assertThatThrownBy(() -> DcEndpoint.parse(2, "localhost"))
            .hasMessage("expected HOST:PORT (an IPv6 address in brackets, as [::1]:443), got 'localhost'");
    }

    @Test
    void rejectsUnbracketedOrMalformedIpv6() {
        assertThatThrownBy(() -> DcEndpoint.parse(2, "::1:443"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("expected an IPv6 address in brackets, as [::1]:443, got '::1:443'");
        assertThatThrownBy(() -> DcEndpoint.parse(2, "fe80::1:443"))
            .hasMessage("expected an IPv6 address in brackets, as [::1]:443, got 'fe80::1:443'");
        for (String bad : new String[] {"[::1]", "[::1]443", "[]:443", "[localhost]:443", "[::1:443", "[::1]]:443",
            "x]:443"}) {
            assertThatThrownBy(() -> DcEndpoint.parse(2, bad)).as(bad)
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("expected ");
        }
        assertThatThrownBy(() -> DcEndpoint.parse(2, "[::1]:0"))
            .hasMessage("expected a port from 1 to 65535 after the last ':', got '[::1]:0'");
    }

    @Test
    void rejectsBlankHostsAndBadDcIds() {
        assertThatThrownBy(() -> DcEndpoint.parse(2, " :443"))
            .hasMessage("expected a host before the port, got ' :443'");
        assertThatThrownBy(() -> DcEndpoint.parse(0, "localhost:443"))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("expected a positive DC id, got 0");
        assertThatThrownBy(() -> DcEndpoint.parse(-3, "localhost:443")).hasMessage("expected a positive DC id, got -3");
    }

    @Test
    void quotesAtMost64CharactersOfTheText() {
        String longHost = "h".repeat(100);
        assertThatThrownBy(() -> DcEndpoint.parse(2, longHost))
            .hasMessageEndingWith("got '" + "h".repeat(61) + "...'");
    }
}
