package io.mtflux.testkit;

import static io.mtflux.testkit.Logins.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.ClientTransport;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.client.WebSocketClientTransport;
import io.mtflux.core.rpc.RpcRetry;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.auth.AuthSignIn;
import io.mtflux.core.tl.api.auth.BaseAuthAuthorization;
import io.mtflux.core.tl.api.auth.BaseAuthSentCode;
import io.mtflux.core.tl.api.updates.UpdatesGetState;
import io.mtflux.transport.Carrier;
import io.mtflux.transport.TransportInfo;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every DC of a cluster serves MTProto over TCP, {@code ws://} and (with TLS) {@code wss://} on its one port: the
 * real client logs in over each, following {@code PHONE_MIGRATE} to the account's DC, with the connections' carrier
 * checked on the client side.
 */
class WebSocketClusterTest {
    private static final String ANN = "+1 555 010 0001";
    private static final String BOB = "+1 555 010 0002";
    private static final String CY = "+1 555 010 0003";

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(Testkit.cluster().selfSignedTls()
        .user(TestUser.of(ANN).dc(3), TestUser.of(BOB).dc(3), TestUser.of(CY).dc(3)));

    private final List<MtprotoClient> clients = new ArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(c -> c.close().block(Logins.TIMEOUT));
    }

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void logsInOverEachCarrierOnTheSamePorts(Carrier carrier, TestCluster cluster) {
        assertThat(cluster.webSocketPath()).isEqualTo("/apiws");
        assertThat(cluster.tlsCertificatePem()).hasValueSatisfying(pem -> assertThat(pem).startsWith("-----BEGIN"));
        String phone = switch (carrier) {
            case TCP -> ANN;
            case WEBSOCKET -> BOB;
            case WEBSOCKET_TLS -> CY;
        };
        List<TransportInfo> opened = new CopyOnWriteArrayList<>();
        ClientOptions.Builder builder = ClientOptions.builder().apiId(Logins.API_ID).apiHash(Logins.API_HASH)
            .dcOptions(cluster.dcOptions()).retry(RpcRetry.none());
        if (carrier != Carrier.TCP) {
            WebSocketClientTransport ws = cluster.webSocketTransport(carrier == Carrier.WEBSOCKET_TLS);
            for (int dc = 1; dc <= 3; dc++) {
                URI url = ws.url(dc, cluster.dcOptions());
                assertThat(url.getScheme()).isEqualTo(carrier == Carrier.WEBSOCKET_TLS ? "wss" : "ws");
                assertThat(url.getPort()).isEqualTo(cluster.dc(dc).port());
            }
            ClientTransport recording = target -> ws.connect(target)
                .flatMap(c -> c.info().doOnNext(opened::add).thenReturn(c));
            builder.transport(recording);
        }
        MtprotoClient client = MtprotoClient.create(builder.build());
        clients.add(client);
        client.connect().block(Logins.TIMEOUT);
        BaseAuthSentCode sent = Logins.sendCodeFollowingMigration(client, phone).block(Logins.TIMEOUT);
        String code = cluster.lastCode(phone).orElseThrow().code();
        BaseAuthAuthorization auth = (BaseAuthAuthorization) call(client,
            new AuthSignIn(phone, sent.phoneCodeHash(), code, null));
        assertThat(((BaseUser) auth.user()).id()).isEqualTo(cluster.user(phone).orElseThrow().id());
        assertThat(client.session().homeDc()).isEqualTo(3);
        assertThat(call(client, new UpdatesGetState())).isNotNull();
        if (carrier != Carrier.TCP) {
            // DC 2 first, then DC 3 after the migration: all of them over the carrier
            assertThat(opened).hasSizeGreaterThanOrEqualTo(2).allMatch(i -> i.carrier() == carrier && i.obfuscated());
        }
    }
}
