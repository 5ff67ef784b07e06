package io.mtflux.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.auth.LoginFlows;
import io.mtflux.auth.LoginPrompts;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.store.LeasedSessionStore;
import io.mtflux.core.store.SessionStore;
import io.mtflux.core.store.codec.AuthKeyCipher;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.InputUserSelf;
import io.mtflux.core.tl.api.User;
import io.mtflux.core.tl.api.updates.UpdatesGetState;
import io.mtflux.core.tl.api.users.UsersGetUsers;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.Testkit;
import io.mtflux.testkit.TestkitExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Log in against the testkit with a Redis store (a user whose number lives on DC 3, reached from DC 2 through
 * PHONE_MIGRATE), stop the client, start a new one from the same Redis: authorized without a login call, on home
 * DC 3. Once with a lease, a key prefix and sealed keys, once plain.
 */
class RedisEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(Testkit.cluster().dcs(3));

    /** Answers the prompts of a testkit test number (its code is its DC digit five times). */
    private static LoginPrompts prompts(String phone) {
        return LoginPrompts.builder().phone(phone).code("33333").signUp("Rita", "Store").build();
    }

    private static MtprotoClient client(TestCluster cluster, SessionStore store, String account) {
        MtprotoClient client = MtprotoClient.create(ClientOptions.builder()
            .apiId(1).apiHash("0123456789abcdef0123456789abcdef")
            .dcOptions(cluster.dcOptions()).sessionStore(store).accountId(account).build());
        client.connect().block(WAIT);
        return client;
    }

    private static long selfId(MtprotoClient client) {
        List<User> users = client.invoke(new UsersGetUsers(List.of(new InputUserSelf()))).block(WAIT);
        return ((BaseUser) users.get(0)).id();
    }

    private static void logInStopAndResume(TestCluster cluster, RedisSessionStore.Builder builder, boolean leased,
                                           String account, String phone) {
        RedisSessionStore store = builder.connect().block(WAIT);
        SessionStore first = leased
            ? LeasedSessionStore.acquire(store, account, "instance-1", Duration.ofSeconds(30)).block(WAIT) : store;
        MtprotoClient client = client(cluster, first, account);
        long userId = ((BaseUser) LoginFlows.create(client).login(prompts(phone)).block(WAIT))
            .id();
        assertThat(client.session().homeDc()).isEqualTo(3);
        client.close().block(WAIT);
        store.close().block(WAIT);

        RedisSessionStore reopened = builder.connect().block(WAIT);
        SessionStore second = leased
            ? LeasedSessionStore.acquire(reopened, account, "instance-2", Duration.ofSeconds(30)).block(WAIT)
            : reopened;
        MtprotoClient resumed = client(cluster, second, account);
        try {
            assertThat(resumed.session().homeDc()).isEqualTo(3);
            assertThat(resumed.session().dc(3).orElseThrow().authorized()).isTrue();
            assertThat(resumed.invoke(new UpdatesGetState()).block(WAIT)).isNotNull();
            assertThat(selfId(resumed)).isEqualTo(userId);
        } finally {
            resumed.close().block(WAIT);
            reopened.close().block(WAIT);
        }
    }

    @Test
    void leasedEncryptedAndPrefixedResumesAuthorizedOnTheHomeDc(TestCluster cluster) {
        byte[] key = new byte[32];
        key[31] = 9;
        logInStopAndResume(cluster, RedisSessionStore.builder(TestRedis.uri()).keyPrefix("e2e:")
            .cipher(AuthKeyCipher.of(key)), true, "e2e-redis-leased", "+99966 3 2001");
    }

    @Test
    void plainResumesAuthorizedOnTheHomeDc(TestCluster cluster) {
        logInStopAndResume(cluster, RedisSessionStore.builder(TestRedis.uri()), false, "e2e-redis", "+99966 3 2002");
    }
}
