package io.mtflux.transport.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProxyConfigParseTest {

    @Test
    void eachSchemeWithAndWithoutCredentials() {
        ProxyConfig socks5 = ProxyConfig.parse("socks5://ann:s3cret@proxy.example:1080");
        assertThat(socks5.type()).isEqualTo(ProxyConfig.Type.SOCKS5);
        assertThat(socks5.host()).isEqualTo("proxy.example");
        assertThat(socks5.port()).isEqualTo(1080);
        assertThat(socks5.toString()).contains("ann").doesNotContain("s3cret");
        assertThat(ProxyConfig.parse("socks4://10.0.0.1:1081").type()).isEqualTo(ProxyConfig.Type.SOCKS4);
        ProxyConfig http = ProxyConfig.parse("http://[::1]:3128");
        assertThat(http.type()).isEqualTo(ProxyConfig.Type.HTTP);
        assertThat(http.port()).isEqualTo(3128);
    }

    @Test
    void badUrlsSayWhatWasExpectedAndNeverShowTheCredentials() {
        String[][] cases = {
            {"ftp://ann:s3cret@h:21", "must be socks5://, socks4:// or http://HOST:PORT"},
            {"socks5://ann:s3cret@h", "needs a host and a port"},
            {"socks5://ann:s3cret@h:0", "the port must be from 1 to 65535, got 0"},
            {"socks5://ann:s3cret@h:65536", "the port must be from 1 to 65535, got 65536"},
            {"socks5://ann:s3cret@h:99999999999", "the port must be from 1 to 65535"},
            {"socks5://ann:s3cret@h:1 080", "not a proxy URL"},
            {"h:1080", "must be socks5://"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> ProxyConfig.parse(c[0])).as(c[0]).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(c[1]).message().doesNotContain("s3cret");
        }
    }
}
