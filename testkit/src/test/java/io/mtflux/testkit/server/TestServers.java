package io.mtflux.testkit.server;

import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.DcOptions;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.crypto.RsaKeyRing;
import io.mtflux.core.crypto.RsaPrivateKey;
import io.mtflux.core.rpc.Delay;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.tl.TlMethod;
import io.mtflux.core.tl.api.DcOption;
import io.mtflux.core.tl.api.NearestDc;
import io.mtflux.core.tl.api.help.BaseHelpCountriesList;
import io.mtflux.core.tl.api.help.HelpGetConfig;
import io.mtflux.core.tl.api.help.HelpGetCountriesList;
import io.mtflux.core.tl.api.help.HelpGetNearestDc;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;

/** A one-DC server with a small handler, for the client-versus-server tests of this module. */
final class TestServers {
    /** One RSA key for all tests: generating 2048-bit keys is slow. */
    static final RsaPrivateKey RSA_KEY = RsaPrivateKey.generateForServer(2048, RandomSource.secure());

    private TestServers() {
    }

    /** help.getNearestDc, help.getConfig, and test.echo-like handlers used by the session tests. */
    static Mono<Object> handle(RequestContext context, TlMethod<?> query) {
        if (query instanceof HelpGetNearestDc) {
            return Mono.just(new NearestDc("ZZ", context.dcId(), context.dcId()));
        }
        if (query instanceof HelpGetConfig) {
            return Mono.just(config(context.dcId()));
        }
        if (query instanceof HelpGetCountriesList echo) {
            // an echo: the answer carries the request's hash, so each caller can check it got its own answer
            return Mono.just(new BaseHelpCountriesList(List.of(), echo.hash()));
        }
        return Mono.error(RpcException.of(400, "METHOD_INVALID"));
    }

    private static io.mtflux.core.tl.api.Config config(int dcId) {
        return config(dcId, List.of());
    }

    /** A config naming {@code options} as the DCs (help.getConfig). */
    static io.mtflux.core.tl.api.Config config(int dcId, List<DcOption> options) {
        return io.mtflux.core.tl.api.Config.builder().date((int) (System.currentTimeMillis() / 1000))
            .expires((int) (System.currentTimeMillis() / 1000) + 3600).testMode(true).thisDc(dcId)
            .dcOptions(options).dcTxtDomainName("localhost").chatSizeMax(200)
            .megagroupSizeMax(200000).forwardedCountMax(100)
            .onlineUpdatePeriodMs(120000).offlineBlurTimeoutMs(5000).offlineIdleTimeoutMs(30000)
            .onlineCloudTimeoutMs(300000).notifyCloudDelayMs(30000).notifyDefaultDelayMs(1500)
            .pushChatPeriodMs(60000).pushChatLimit(2).editTimeLimit(172800).revokeTimeLimit(172800)
            .revokePmTimeLimit(172800).ratingEDecay(2419200).stickersRecentLimit(200).channelsReadMediaPeriod(604800)
            .callReceiveTimeoutMs(20000).callRingTimeoutMs(90000).callConnectTimeoutMs(30000)
            .callPacketTimeoutMs(10000).meUrlPrefix("https://t.me/").gifSearchUsername("gif")
            .venueSearchUsername("foursquare").imgSearchUsername("bing").staticMapsProvider("telegram")
            .captionLengthMax(1024).messageLengthMax(4096).webfileDcId(dcId).build();
    }

    static MtprotoServer start(int dcId) {
        return MtprotoServer.builder().dcId(dcId).rsaKey(RSA_KEY).handler(TestServers::handle).build().start()
            .block(Duration.ofSeconds(30));
    }

    static ClientOptions.Builder client(MtprotoServer server) {
        return ClientOptions.builder().apiId(12345).apiHash("0123456789abcdef0123456789abcdef")
            .dcOptions(DcOptions.of(List.of(DcEndpoint.of(server.dcId(), "127.0.0.1", server.port())),
                RsaKeyRing.of(RSA_KEY.publicKey()), server.dcId()))
            .reconnectDelay(Delay.exponential(Duration.ofMillis(20), Duration.ofMillis(500)).equalJitter());
    }
}
