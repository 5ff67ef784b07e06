package io.mtflux.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.InputUserSelf;
import io.mtflux.core.rpc.UnauthorizedException;
import io.mtflux.core.tl.api.auth.AuthAuthorization;
import io.mtflux.core.tl.api.auth.AuthAuthorizationSignUpRequired;
import io.mtflux.core.tl.api.auth.AuthSignIn;
import io.mtflux.core.tl.api.auth.AuthSignUp;
import io.mtflux.core.tl.api.auth.BaseAuthAuthorization;
import io.mtflux.core.tl.api.users.UsersGetUsers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A thousand clients logging in at once across 3 DCs (sign-ups, 2FA, migrations): every answer reaches its
 * asker, none is lost or crossed. About half a minute on 2 cores: the cost is ~1,700 key exchanges and 50 SRP
 * proofs.
 */
@ExtendWith(TestkitExtension.class)
class ConcurrentLoginTest {
    private static final int LOGINS = 1000;
    private static final int WITH_2FA = 50;
    private static final int TWO_FA_EVERY = LOGINS / WITH_2FA;

    /** Test numbers: 99966 X YYYY lives on DC X. */
    private static String phone(int i) {
        return "99966" + (i % 3 + 1) + String.format("%04d", 5000 + i);
    }

    @Test
    void aThousandConcurrentLoginsGetTheirOwnAnswers(TestCluster cluster) {
        // every twentieth login is an existing account with 2FA (password "pw<i>"), the rest sign up
        Flux.range(0, WITH_2FA).flatMap(j -> cluster.addUser(TestUser.of(phone(j * TWO_FA_EVERY))
                .name("User" + (j * TWO_FA_EVERY), "L").password("pw" + (j * TWO_FA_EVERY), null)))
            .then().block(Duration.ofMinutes(2));
        Map<Integer, Long> ids = new ConcurrentHashMap<>();
        List<MtprotoClient> clients = new CopyOnWriteArrayList<>();
        try {
            Flux.range(0, LOGINS).flatMap(i -> {
                int home = i % 3 + 1;
                int start = (i / 3) % 3 + 1; // a third start on their home DC, the rest migrate
                String phone = phone(i);
                String first = "User" + i;
                boolean twoFactor = i % TWO_FA_EVERY == 0;
                MtprotoClient client = Logins.client(cluster, start);
                clients.add(client);
                return client.connect()
                    .then(Logins.sendCodeFollowingMigration(client, phone))
                    .flatMap(sent -> twoFactor
                        ? client.invoke(new AuthSignIn(phone, sent.phoneCodeHash(), String.valueOf(home).repeat(5),
                                null))
                            .then(Mono.<AuthAuthorization>error(new AssertionError("no password asked")))
                            .onErrorResume(UnauthorizedException.class, e -> Logins.checkPassword(client, "pw" + i))
                        : client.invoke(new AuthSignIn(phone, sent.phoneCodeHash(), String.valueOf(home).repeat(5),
                                null))
                            .doOnNext(a -> assertThat(a).isInstanceOf(AuthAuthorizationSignUpRequired.class))
                            .then(client.invoke(new AuthSignUp(false, phone, sent.phoneCodeHash(), first, "L"))))
                    .cast(BaseAuthAuthorization.class)
                    .map(auth -> (BaseUser) auth.user())
                    .doOnNext(me -> {
                        assertThat(me.firstName()).isEqualTo(first);
                        assertThat(me.phone()).isEqualTo(phone);
                        assertThat(client.session().homeDc()).isEqualTo(home);
                    })
                    .flatMap(me -> client.invoke(new UsersGetUsers(List.of(new InputUserSelf())))
                        .doOnNext(self -> assertThat(((BaseUser) self.get(0)).id()).isEqualTo(me.id()))
                        .thenReturn(me))
                    .doOnNext(me -> ids.put(i, me.id()))
                    .then();
            }, LOGINS).then().block(Duration.ofMinutes(4));
        } finally {
            Flux.fromIterable(clients).flatMap(MtprotoClient::close).then().block(Duration.ofMinutes(1));
        }
        assertThat(ids).hasSize(LOGINS);
        assertThat(Set.copyOf(ids.values())).hasSize(LOGINS);
        for (int i = 0; i < LOGINS; i++) {
            int home = i % 3 + 1;
            assertThat(cluster.user(phone(i))).hasValueSatisfying(a -> assertThat(a.homeDc()).isEqualTo(home));
        }
        assertThat(cluster.accounts().accounts()).hasSize(LOGINS);
    }
}
