package io.mtflux.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.tl.TlMethod;
import io.mtflux.core.tl.TlReader;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.InputUserSelf;
import io.mtflux.core.tl.api.UpdateLoginToken;
import io.mtflux.core.tl.api.UpdateShort;
import io.mtflux.core.tl.api.User;
import io.mtflux.core.tl.api.auth.AuthAcceptLoginToken;
import io.mtflux.core.tl.api.auth.AuthExportAuthorization;
import io.mtflux.core.tl.api.auth.AuthExportLoginToken;
import io.mtflux.core.tl.api.auth.AuthExportedAuthorization;
import io.mtflux.core.tl.api.auth.AuthImportAuthorization;
import io.mtflux.core.tl.api.auth.AuthLoginTokenSuccess;
import io.mtflux.core.tl.api.auth.AuthSignIn;
import io.mtflux.core.tl.api.auth.BaseAuthAuthorization;
import io.mtflux.core.tl.api.auth.BaseAuthLoginToken;
import io.mtflux.core.tl.api.auth.BaseAuthSentCode;
import io.mtflux.core.tl.api.help.HelpGetConfig;
import io.mtflux.core.tl.api.help.HelpGetNearestDc;
import io.mtflux.core.tl.api.updates.UpdatesGetState;
import io.mtflux.core.tl.api.users.UsersGetUsers;
import io.mtflux.testkit.server.KeyLog;
import io.mtflux.testkit.server.KeyUse;
import io.mtflux.testkit.server.ServerAuthKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Perfect forward secrecy against the cluster (https://core.telegram.org/api/pfs) with a raw client built from
 * core's key exchange and binding: a login over a bound temporary key, RPCs across key expiry (-404, a new key,
 * a new binding, no new login) and reconnects, and the DC's key log showing that the permanent key never encrypted
 * a message.
 */
class PfsClusterTest {
    private static final MutableClock CLOCK = new MutableClock();
    private static final int EXPIRES_IN = 30;
    private static final String ANN = "+1 555 030 0001";
    private static final String BOB = "+1 555 030 0002";
    private static final String CAROL = "+1 555 030 0003";

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(Testkit.cluster().dcs(2).clock(CLOCK)
        .user(TestUser.of(ANN).dc(2).name("Ann", "Pfs").code("11111"),
            TestUser.of(BOB).dc(2).name("Bob", "Pfs").code("22222"),
            TestUser.of(CAROL).dc(2).name("Carol", "Pfs").code("33333")));

    private final List<PfsTestClient> clients = new ArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(PfsTestClient::close);
    }

    private PfsTestClient start(TestCluster cluster, int dcId) throws Exception {
        PfsTestClient client = PfsTestClient.start(cluster, dcId, EXPIRES_IN);
        clients.add(client);
        return client;
    }

    private static long logIn(PfsTestClient client, TestCluster cluster, String phone) throws Exception {
        BaseAuthSentCode sent = (BaseAuthSentCode) client.call(Logins.sendCode(phone));
        String code = cluster.lastCode(phone).orElseThrow().code();
        BaseAuthAuthorization auth = (BaseAuthAuthorization) client.call(new AuthSignIn(phone, sent.phoneCodeHash(),
            code, null));
        return ((BaseUser) auth.user()).id();
    }

    private static long self(PfsTestClient client) throws Exception {
        List<User> users = client.call(new UsersGetUsers(List.of(new InputUserSelf())));
        return ((BaseUser) users.get(0)).id();
    }

    private static ServerAuthKey serverKey(TestCluster cluster, int dcId, long id) {
        return cluster.dc(dcId).authKeys().stream().filter(k -> k.id() == id).findFirst().orElseThrow();
    }

    @Test
    void loginAndAThousandRpcsOnTemporaryKeysAcrossExpiriesAndReconnects(TestCluster cluster) throws Exception {
        KeyLog log = cluster.dc(2).keyLog();
        long temporaryBefore = log.temporaryKeysCreated();
        long bindingsBefore = log.bindings();
        long expiriesBefore = log.expiries();
        PfsTestClient client = start(cluster, 2);
        long permId = client.permanentKey().authKey().id();
        long userId = logIn(client, cluster, ANN);

        // the login authorized the permanent key, not the temporary one it came over
        assertThat(serverKey(cluster, 2, permId).authorization()).isNotNull();
        assertThat(serverKey(cluster, 2, client.temporaryKey().authKey().id()).authorization()).isNull();
        Set<Long> temporaryIds = new HashSet<>();
        temporaryIds.add(client.temporaryKey().authKey().id());

        int notFound = 0;
        int done = 0;
        while (done < 1000) {
            if (done > 0 && done % 250 == 0 && notFound < done / 250) {
                CLOCK.advance(Duration.ofSeconds(EXPIRES_IN + 1)); // the temporary key expires on the DC
            } else if (done > 0 && done % 100 == 0) {
                cluster.dc(2).dropConnections();
                client.reconnect();
            }
            try {
                long id = done % 2 == 0 ? self(client) : userIdOfState(client, userId);
                assertThat(id).isEqualTo(userId);
                done++;
            } catch (ExecutionException e) {
                assertThat(PfsTestClient.transportError(e)).as("transport error of an expired key").isEqualTo(-404);
                notFound++;
                client.renew(); // no new login: the permanent key is logged in
                temporaryIds.add(client.temporaryKey().authKey().id());
            }
        }

        assertThat(notFound).isEqualTo(3);
        assertThat(temporaryIds).hasSize(4);
        assertThat(log.temporaryKeysCreated() - temporaryBefore).isEqualTo(4);
        assertThat(log.bindings() - bindingsBefore).isEqualTo(4);
        // other tests' leftover temporary keys may expire with the clock too
        assertThat(log.expiries() - expiriesBefore).isGreaterThanOrEqualTo(3);
        assertThat(cluster.dc(2).authKeys()).extracting(ServerAuthKey::id).containsOnlyOnce(permId)
            .contains(client.temporaryKey().authKey().id())
            .doesNotContainAnyElementsOf(temporaryIds.stream()
                .filter(id -> id != client.temporaryKey().authKey().id()).toList());
        assertThat(serverKey(cluster, 2, permId).boundTemporaryKey()).map(ServerAuthKey::id)
            .contains(client.temporaryKey().authKey().id());

        // the check PFS is about: the permanent key encrypted nothing, every temporary-key message after its
        // binding went through that permanent key
        assertThat(log.usesOf(permId)).isEmpty();
        List<KeyUse> temporaryUses = log.uses().stream().filter(u -> temporaryIds.contains(u.authKeyId())).toList();
        assertThat(temporaryUses).hasSizeGreaterThanOrEqualTo(1000 + 2 + 4);
        assertThat(temporaryUses).allSatisfy(u -> {
            assertThat(u.temporary()).isTrue();
            assertThat(u.boundPermAuthKeyId()).isIn(0L, permId);
        });
        // unbound only for the message carrying each binding
        assertThat(temporaryUses).filteredOn(u -> u.boundPermAuthKeyId() == 0).hasSize(4);
    }

    /** updates.getState needs a logged-in user on the home DC; the user comes from users.getUsers. */
    private static long userIdOfState(PfsTestClient client, long userId) throws Exception {
        assertThat(client.call(new UpdatesGetState())).isNotNull();
        return userId;
    }

    @Test
    void theKeyLogShowsAPermanentKeyUsedAfterItsBinding(TestCluster cluster) throws Exception {
        PfsTestClient client = start(cluster, 2);
        long permId = client.permanentKey().authKey().id();
        long tempId = client.temporaryKey().authKey().id();
        try (LayerClient direct = LayerClient.open(cluster, 2, 228, PfsTestClient.STYLE, client.permanentKey())) {
            direct.call(new HelpGetNearestDc());
        }
        List<KeyUse> uses = cluster.dc(2).keyLog().usesOf(permId);
        assertThat(uses).isNotEmpty().allSatisfy(u -> {
            assertThat(u.permanentWhileBound()).isTrue();
            assertThat(u.boundTempAuthKeyId()).isEqualTo(tempId);
        });
    }

    @Test
    void anUnboundTemporaryKeyMayOnlyBindAndAskForTheConfig(TestCluster cluster) throws Exception {
        PfsTestClient client = start(cluster, 2);
        client.openUnbound();
        assertThat(client.call(new HelpGetConfig())).isNotNull();
        assertThat(client.call(new HelpGetNearestDc()).thisDc()).isEqualTo(2);
        List<TlMethod<?>> userMethods = List.of(Logins.sendCode(BOB), new UpdatesGetState(),
            new UsersGetUsers(List.of(new InputUserSelf())));
        for (TlMethod<?> method : userMethods) {
            RpcException e = catchThrowableOfType(RpcException.class, () -> client.call(method));
            assertThat(e).as(method.tlName()).isNotNull();
            assertThat(e.code()).isEqualTo(401);
            assertThat(e.errorMessage()).isEqualTo("AUTH_KEY_PERM_EMPTY");
        }
        client.bind();
        assertThat(client.call(Logins.sendCode(BOB))).isInstanceOf(BaseAuthSentCode.class);
    }

    @Test
    void authorizationExportAndImportWorkBetweenBoundTemporaryKeys(TestCluster cluster) throws Exception {
        PfsTestClient home = start(cluster, 2);
        long userId = logIn(home, cluster, BOB);
        AuthExportedAuthorization exported = home.call(new AuthExportAuthorization(1));

        PfsTestClient other = start(cluster, 1);
        BaseAuthAuthorization imported = (BaseAuthAuthorization) other.call(new AuthImportAuthorization(
            exported.id(), exported.bytes()));
        assertThat(((BaseUser) imported.user()).id()).isEqualTo(userId);
        assertThat(self(other)).isEqualTo(userId);

        other.renew();
        assertThat(self(other)).as("a new temporary key on DC 1, no new import").isEqualTo(userId);
        assertThat(serverKey(cluster, 1, other.permanentKey().authKey().id()).authorization()).isNotNull();
    }

    @Test
    void qrLoginWorksBetweenBoundTemporaryKeys(TestCluster cluster) throws Exception {
        PfsTestClient accepting = start(cluster, 2);
        long userId = logIn(accepting, cluster, CAROL);
        PfsTestClient waiting = start(cluster, 2);

        BaseAuthLoginToken token = (BaseAuthLoginToken) waiting.call(new AuthExportLoginToken(Logins.API_ID,
            Logins.API_HASH, List.of()));
        accepting.call(new AuthAcceptLoginToken(token.token()));
        byte[] push = waiting.connection().awaitPush(body -> true);
        UpdateShort update = (UpdateShort) new TlReader(push).readObject();
        assertThat(update.update()).isInstanceOf(UpdateLoginToken.class);

        AuthLoginTokenSuccess success = (AuthLoginTokenSuccess) waiting.call(new AuthExportLoginToken(
            Logins.API_ID, Logins.API_HASH, List.of()));
        BaseAuthAuthorization authorization = (BaseAuthAuthorization) success.authorization();
        assertThat(((BaseUser) authorization.user()).id()).isEqualTo(userId);
        waiting.renew();
        assertThat(self(waiting)).isEqualTo(userId);
    }
}
