package io.mtflux.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.auth.LoginFlows;
import io.mtflux.auth.LoginPrompts;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.store.SessionState;
import io.mtflux.core.store.SessionStore;
import io.mtflux.core.store.StringSessionStore;
import io.mtflux.core.store.codec.StringSession;
import io.mtflux.core.store.importers.ForeignSessions;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.InputUserSelf;
import io.mtflux.core.tl.api.User;
import io.mtflux.core.tl.api.updates.UpdatesGetState;
import io.mtflux.core.tl.api.users.UsersGetUsers;
import io.mtflux.testkit.TestBot;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.Testkit;
import io.mtflux.testkit.TestkitExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Log in, keep the session as a string, start a new client from the string: authorized, same home DC. */
class StringSessionEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOKEN = "424242:AAE-string-session-bot";

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(Testkit.cluster().dcs(3)
        .bot(TestBot.of(TOKEN).dc(3).name("Stringy")));

    private final List<MtprotoClient> clients = new ArrayList<>();

    private MtprotoClient client(TestCluster cluster, SessionStore store, String account) {
        MtprotoClient client = MtprotoClient.create(ClientOptions.builder()
            .apiId(1).apiHash("0123456789abcdef0123456789abcdef")
            .dcOptions(cluster.dcOptions()).sessionStore(store).accountId(account).build());
        clients.add(client);
        client.connect().block(WAIT);
        return client;
    }

    @AfterEach
    void close() {
        clients.forEach(c -> c.close().onErrorResume(e -> reactor.core.publisher.Mono.empty()).block(WAIT));
    }

    private static long selfId(MtprotoClient client) {
        List<User> users = client.invoke(new UsersGetUsers(List.of(new InputUserSelf()))).block(WAIT);
        return ((BaseUser) users.get(0)).id();
    }

    @Test
    void aNewClientFromTheStringIsAuthorizedOnTheRightHomeDcWithoutLogin(TestCluster cluster) {
        StringSessionStore first = new StringSessionStore();
        MtprotoClient login = client(cluster, first, "bot");
        User bot = LoginFlows.create(login).login(LoginPrompts.builder().botToken(TOKEN).build()).block(WAIT);
        long botId = ((BaseUser) bot).id();
        login.updateSession(s -> s).block(WAIT);
        login.close().block(WAIT);
        String text = first.string("bot").orElseThrow();
        assertThat(text).startsWith(StringSession.PREFIX);
        SessionState decoded = StringSession.decode(text);
        assertThat(decoded.homeDc()).isEqualTo(3);

        MtprotoClient again = client(cluster, StringSessionStore.of("bot", text), "bot");
        assertThat(again.session().homeDc()).isEqualTo(3);
        assertThat(again.invoke(new UpdatesGetState()).block(WAIT)).isNotNull();
        assertThat(selfId(again)).isEqualTo(botId);

        // the same through a Telethon string of the home DC (GramJS strings cannot hold the ephemeral port)
        String telethon = ForeignSessions.toTelethon(decoded);
        MtprotoClient imported = client(cluster, StringSessionStore.of("t", telethon), "t");
        assertThat(imported.session().homeDc()).isEqualTo(3);
        assertThat(selfId(imported)).isEqualTo(botId);
    }
}
