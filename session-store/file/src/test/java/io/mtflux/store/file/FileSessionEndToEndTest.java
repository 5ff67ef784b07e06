package io.mtflux.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.auth.LoginFlows;
import io.mtflux.auth.LoginPrompts;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.store.LeaseHeldException;
import io.mtflux.core.store.LeasedSessionStore;
import io.mtflux.core.store.SessionStore;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.InputUserSelf;
import io.mtflux.core.tl.api.User;
import io.mtflux.core.tl.api.updates.UpdatesGetState;
import io.mtflux.core.tl.api.users.UsersGetUsers;
import io.mtflux.testkit.TestBot;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.Testkit;
import io.mtflux.testkit.TestkitExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Log in with a file store, stop, start a new client from the same files: authorized, same home DC. */
class FileSessionEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOKEN = "515151:AAE-file-session-bot";

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(Testkit.cluster().dcs(3)
        .bot(TestBot.of(TOKEN).dc(3).name("Filey")));

    @TempDir
    Path dir;

    private static MtprotoClient client(TestCluster cluster, SessionStore store) {
        MtprotoClient client = MtprotoClient.create(ClientOptions.builder()
            .apiId(1).apiHash("0123456789abcdef0123456789abcdef")
            .dcOptions(cluster.dcOptions()).sessionStore(store).accountId("bot").build());
        client.connect().block(WAIT);
        return client;
    }

    private static long selfId(MtprotoClient client) {
        List<User> users = client.invoke(new UsersGetUsers(List.of(new InputUserSelf()))).block(WAIT);
        return ((BaseUser) users.get(0)).id();
    }

    @Test
    void aNewClientFromTheSameEncryptedFilesIsAuthorizedWithoutLogin(TestCluster cluster) {
        FileSessionStore store = FileSessionStore.directory(dir).passphrase("pw".toCharArray())
            .argon2(new Argon2Params(4096, 1, 1)).build();
        LeasedSessionStore leased = LeasedSessionStore.acquire(store, "bot", "first", Duration.ofSeconds(30))
            .block(WAIT);
        MtprotoClient first = client(cluster, leased);
        long botId = ((BaseUser) LoginFlows.create(first).login(LoginPrompts.builder().botToken(TOKEN).build())
            .block(WAIT)).id();
        assertThat(first.session().homeDc()).isEqualTo(3);
        // a second owner cannot take the account while the first runs
        assertThat(LeasedSessionStore.acquire(store, "bot", "second", Duration.ofSeconds(30))
            .onErrorResume(LeaseHeldException.class, e -> reactor.core.publisher.Mono.empty()).block(WAIT)).isNull();
        first.close().block(WAIT);
        assertThat(leased.isHeld()).isFalse();

        FileSessionStore reopened = FileSessionStore.directory(dir).passphrase("pw".toCharArray()).build();
        LeasedSessionStore again = LeasedSessionStore.acquire(reopened, "bot", "second", Duration.ofSeconds(30))
            .block(WAIT);
        MtprotoClient second = client(cluster, again);
        try {
            assertThat(second.session().homeDc()).isEqualTo(3);
            assertThat(second.invoke(new UpdatesGetState()).block(WAIT)).isNotNull();
            assertThat(selfId(second)).isEqualTo(botId);
        } finally {
            second.close().block(WAIT);
        }
    }
}
