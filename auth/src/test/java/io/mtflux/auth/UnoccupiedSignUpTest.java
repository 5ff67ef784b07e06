package io.mtflux.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.testkit.LoginLimits;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.Testkit;
import io.mtflux.testkit.TestkitExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

/**
 * A server that answers a new number's right code with PHONE_NUMBER_UNOCCUPIED (as before
 * auth.authorizationSignUpRequired) leads the flow to sign-up all the same, with no terms of service to show.
 */
class UnoccupiedSignUpTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(Testkit.cluster().dcs(2)
        .limits(LoginLimits.defaults().withUnoccupiedError(true)));

    @Test
    void phoneNumberUnoccupiedLeadsToSignUp(TestCluster cluster) {
        MtprotoClient client = MtprotoClient.create(ClientOptions.builder()
            .apiId(1).apiHash("0123456789abcdef0123456789abcdef")
            .dcOptions(cluster.dcOptions()).sessionStore(new InMemorySessionStore()).build());
        client.connect().block(WAIT);
        try {
            String phone = "999662" + (1000 + (int) (Math.random() * 8999));
            List<TermsOfService> terms = new CopyOnWriteArrayList<>();
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            LoginPrompts prompts = LoginPrompts.builder().phone(phone).code("22222")
                .signUp(tos -> {
                    terms.add(tos);
                    return Mono.just(new LoginPrompts.SignUpNames("Un", "Occupied"));
                })
                .onError(e -> {
                    errors.add(e);
                    return Mono.empty();
                })
                .build();
            BaseUser user = (BaseUser) LoginFlows.create(client).start(prompts).block(WAIT);
            assertThat(user.firstName()).isEqualTo("Un");
            assertThat(user.phone()).isEqualTo(phone);
            assertThat(cluster.user(phone)).isPresent();
            assertThat(terms).singleElement().satisfies(tos -> assertThat(tos.isEmpty()).isTrue());
            // a branch of the login, not an error of it
            assertThat(errors).isEmpty();
        } finally {
            client.close().block(WAIT);
        }
    }
}
