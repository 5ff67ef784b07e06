package io.mtflux.core.client;

import io.mtflux.core.store.DcEndpoint;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where the WebSocket endpoint of each DC is, for the WebSocket transport
 * (https://core.telegram.org/mtproto/transports#websocket). A function of the DC id and the DCs the client knows,
 * so any mapping is one lambda away; the usual ones are here:
 *
 * <ul>
 *   <li>{@link #telegramWeb()}: Telegram's web endpoints, {@code wss://<name>.web.telegram.org/apiws}, the names
 *       of DCs 1 to 5 being {@code pluto venus aurora vesta flora}, and {@code /apiws_test} for the test DCs.
 *       That is what Telegram's web client connects to (tweb, {@code src/lib/mtproto/dcConfigurator.ts}:
 *       https://github.com/morethanwords/tweb) and GramJS in a browser
 *       ({@code TelegramClient.getDC}, https://github.com/gram-js/gramjs); core.telegram.org documents the path
 *       {@code /apiws} but not the host names.</li>
 *   <li>{@link #ws()} and {@link #wss()}: any server, from the DC's address in {@link DcOptions}:
 *       {@code ws://HOST:PORT/apiws} (GramJS's form for an address and port; {@code /apiws_test} for test DCs).</li>
 * </ul>
 */
@FunctionalInterface
public interface DcUrls {

    /**
     * The WebSocket URL of a DC.
     *
     * @param dcId the DC
     * @param options the DCs the client knows (their addresses, whether they are test DCs)
     * @return a {@code ws://} or {@code wss://} URL
     * @throws IllegalArgumentException when the mapping knows no URL for the DC
     */
    URI url(int dcId, DcOptions options);

    /**
     * Telegram's web endpoints: {@code wss://pluto.web.telegram.org/apiws} for DC 1, {@code venus} 2,
     * {@code aurora} 3, {@code vesta} 4, {@code flora} 5; the path is {@code /apiws_test} when the options are
     * test DCs ({@link DcOptions#test()}).
     *
     * @return the mapping
     */
    static DcUrls telegramWeb() {
        return (dcId, options) -> {
            String name = switch (dcId) {
                case 1 -> "pluto";
                case 2 -> "venus";
                case 3 -> "aurora";
                case 4 -> "vesta";
                case 5 -> "flora";
                default -> throw new IllegalArgumentException("Telegram's web endpoints serve DCs 1 to 5, not "
                    + dcId);
            };
            return URI.create("wss://" + name + ".web.telegram.org" + path(options));
        };
    }

    /**
     * {@code ws://HOST:PORT/apiws} from the DC's address in the options ({@code /apiws_test} for test DCs): the
     * WebSocket endpoint of any server that serves it beside TCP, such as the testkit.
     *
     * @return the mapping
     */
    static DcUrls ws() {
        return (dcId, options) -> fromEndpoint("ws", dcId, options);
    }

    /**
     * {@code wss://HOST:PORT/apiws} from the DC's address in the options, as {@link #ws()} over TLS.
     *
     * @return the mapping
     */
    static DcUrls wss() {
        return (dcId, options) -> fromEndpoint("wss", dcId, options);
    }

    private static URI fromEndpoint(String scheme, int dcId, DcOptions options) {
        DcEndpoint endpoint = options.endpoint(dcId)
            .orElseThrow(() -> new IllegalArgumentException("no address known for DC " + dcId));
        try {
            // this constructor brackets an IPv6 literal
            return new URI(scheme, null, endpoint.host(), endpoint.port(), path(options), null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("DC " + dcId + " has an address no URL can hold: " + e.getMessage(), e);
        }
    }

    private static String path(DcOptions options) {
        return options.testMode() ? "/apiws_test" : "/apiws";
    }
}
