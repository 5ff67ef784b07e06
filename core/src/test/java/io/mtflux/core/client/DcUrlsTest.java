package io.mtflux.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.core.store.DcEndpoint;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DC-to-URL mappings of the WebSocket transport. */
class DcUrlsTest {

    private static final DcOptions CUSTOM = DcOptions.of(List.of(DcEndpoint.of(2, "127.0.0.1", 40002),
        DcEndpoint.of(4, "::1", 40004)), DcOptions.production().rsaKeys(), 2);

    @Test
    void telegramWebNamesEachDcAndUsesTheTestPathForTestDcs() {
        DcUrls web = DcUrls.telegramWeb();
        assertThat(List.of(1, 2, 3, 4, 5)).map(dc -> web.url(dc, DcOptions.production()).toString()).containsExactly(
            "wss://pluto.web.telegram.org/apiws", "wss://venus.web.telegram.org/apiws",
            "wss://aurora.web.telegram.org/apiws", "wss://vesta.web.telegram.org/apiws",
            "wss://flora.web.telegram.org/apiws");
        assertThat(web.url(2, DcOptions.test())).isEqualTo(URI.create("wss://venus.web.telegram.org/apiws_test"));
        assertThatThrownBy(() -> web.url(6, DcOptions.production())).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("6");
        assertThatThrownBy(() -> web.url(-2, DcOptions.production())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void endpointMappingsUseTheDcsAddress() {
        assertThat(DcUrls.ws().url(2, CUSTOM)).isEqualTo(URI.create("ws://127.0.0.1:40002/apiws"));
        assertThat(DcUrls.wss().url(2, CUSTOM)).isEqualTo(URI.create("wss://127.0.0.1:40002/apiws"));
        assertThat(DcUrls.ws().url(4, CUSTOM)).isEqualTo(URI.create("ws://[::1]:40004/apiws"));
        assertThat(DcUrls.ws().url(2, DcOptions.test())).isEqualTo(URI.create("ws://149.154.167.40:443/apiws_test"));
        assertThatThrownBy(() -> DcUrls.ws().url(3, CUSTOM)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("no address known for DC 3");
    }

    @Test
    void anyFunctionIsAMapping() {
        DcUrls fixed = (dc, options) -> URI.create("wss://example.org/dc" + dc + "/apiws");
        assertThat(fixed.url(3, CUSTOM)).hasToString("wss://example.org/dc3/apiws");
    }
}
