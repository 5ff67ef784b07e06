package io.mtflux.core.client;

import io.mtflux.core.crypto.RsaKeyRing;
import io.mtflux.core.crypto.TelegramRsaKeys;
import io.mtflux.core.store.DcEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the DCs are and which RSA keys they prove themselves with. {@link #production()} and {@link #test()} are
 * Telegram's (docs/protocol.md 5.2); {@link #of} points a client at any MTProto server, such as the testkit.
 *
 * @param endpoints the known addresses
 * @param rsaKeys the RSA keys the key exchange trusts
 * @param testMode whether these are test DCs (the handshake's dc field is then DC id + 10000)
 * @param defaultDc the DC a fresh session starts on
 */
public record DcOptions(List<DcEndpoint> endpoints, RsaKeyRing rsaKeys, boolean testMode, int defaultDc) {
    /**
     * Copies the endpoints and checks the default DC.
     *
     * @param endpoints the known addresses
     * @param rsaKeys the RSA keys the key exchange trusts
     * @param testMode whether these are test DCs
     * @param defaultDc the DC a fresh session starts on
     * @throws IllegalArgumentException if no endpoint belongs to {@code defaultDc}
     */
    public DcOptions {
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(rsaKeys, "rsaKeys");
        if (endpoints.stream().noneMatch(e -> e.dcId() == defaultDc)) {
            throw new IllegalArgumentException("no endpoint for the default DC " + defaultDc);
        }
    }

    /** {@return Telegram's production DCs 1–5 with the current production RSA key; new sessions start on DC 2} */
    public static DcOptions production() {
        return new DcOptions(List.of(
            DcEndpoint.of(1, "149.154.175.50", 443),
            DcEndpoint.of(2, "149.154.167.51", 443),
            DcEndpoint.of(3, "149.154.175.100", 443),
            DcEndpoint.of(4, "149.154.167.91", 443),
            DcEndpoint.of(5, "149.154.171.5", 443)), TelegramRsaKeys.current(), false, 2);
    }

    /** {@return Telegram's three test DCs with the test-DC RSA key; new sessions start on DC 2} */
    public static DcOptions test() {
        return new DcOptions(List.of(
            DcEndpoint.of(1, "149.154.175.10", 443),
            DcEndpoint.of(2, "149.154.167.40", 443),
            DcEndpoint.of(3, "149.154.175.117", 443)), RsaKeyRing.of(TelegramRsaKeys.TEST_DC), true, 2);
    }

    /**
     * Custom DCs (e.g. a testkit cluster): endpoints and the RSA keys to trust.
     *
     * @param endpoints the servers' addresses
     * @param rsaKeys the RSA keys the servers prove themselves with
     * @param defaultDc the DC a fresh session starts on
     * @return the options, not in test mode
     */
    public static DcOptions of(List<DcEndpoint> endpoints, RsaKeyRing rsaKeys, int defaultDc) {
        return new DcOptions(endpoints, rsaKeys, false, defaultDc);
    }

    /**
     * The address to use for API calls on {@code dcId}: the first non-media IPv4 endpoint.
     *
     * @param dcId a DC id
     * @return the endpoint (an IPv6 one when the DC has no IPv4 one), empty for an unknown DC
     */
    public Optional<DcEndpoint> endpoint(int dcId) {
        return endpoints.stream().filter(e -> e.dcId() == dcId && !e.mediaOnly() && !e.ipv6()).findFirst()
            .or(() -> endpoints.stream().filter(e -> e.dcId() == dcId && !e.mediaOnly()).findFirst());
    }

    /**
     * These options with endpoints learned from {@code help.getConfig} merged in front of the known ones.
     *
     * @param learned endpoints from the server's config
     * @return the merged options
     */
    public DcOptions withLearned(List<DcEndpoint> learned) {
        List<DcEndpoint> merged = new ArrayList<>(learned);
        for (DcEndpoint e : endpoints) {
            if (!merged.contains(e)) {
                merged.add(e);
            }
        }
        return new DcOptions(merged, rsaKeys, testMode, defaultDc);
    }

    /**
     * The handshake's dc field for {@code dcId}: +10000 on test DCs.
     *
     * @param dcId a DC id
     * @return the value of the {@code dc} field of the key exchange's inner data
     */
    public int handshakeDc(int dcId) {
        return testMode ? dcId + 10000 : dcId;
    }
}
