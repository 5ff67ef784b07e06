package io.mtflux.testkit;

import static io.mtflux.testkit.Logins.call;
import static io.mtflux.testkit.Logins.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.tl.api.Authorization;
import io.mtflux.core.tl.api.BaseMessage;
import io.mtflux.core.tl.api.BaseUpdates;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.InputPeerSelf;
import io.mtflux.core.tl.api.InputPeerUser;
import io.mtflux.core.tl.api.InputUserSelf;
import io.mtflux.core.tl.api.PeerUser;
import io.mtflux.core.tl.api.UpdateLoginToken;
import io.mtflux.core.tl.api.UpdateMessageID;
import io.mtflux.core.tl.api.UpdateNewMessage;
import io.mtflux.core.tl.api.UpdateShort;
import io.mtflux.core.tl.api.Updates;
import io.mtflux.core.tl.api.account.AccountUpdateProfile;
import io.mtflux.core.tl.api.auth.AuthAcceptLoginToken;
import io.mtflux.core.tl.api.auth.AuthExportLoginToken;
import io.mtflux.core.tl.api.auth.AuthImportLoginToken;
import io.mtflux.core.tl.api.auth.AuthLoginTokenMigrateTo;
import io.mtflux.core.tl.api.auth.AuthLoginTokenSuccess;
import io.mtflux.core.tl.api.auth.AuthSignIn;
import io.mtflux.core.tl.api.auth.BaseAuthAuthorization;
import io.mtflux.core.tl.api.auth.BaseAuthLoginToken;
import io.mtflux.core.tl.api.auth.BaseAuthSentCode;
import io.mtflux.core.tl.api.messages.MessagesSendMessage;
import io.mtflux.core.tl.api.updates.UpdatesDifferenceSlice;
import io.mtflux.core.tl.api.updates.UpdatesDifferenceTooLong;
import io.mtflux.core.tl.api.updates.UpdatesGetDifference;
import io.mtflux.core.tl.api.updates.UpdatesGetState;
import io.mtflux.core.tl.api.users.UsersGetFullUser;
import io.mtflux.core.tl.api.users.UsersUserFull;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** QR login across DCs and with 2FA, Saved Messages with an update to the other session, profile edits. */
class QrAndProfileTest {
    static final String DAVE = "15550004444";
    static final String EVE_2FA = "15550005555";
    static final String FRAN = "15550006666";
    static final String GIL = "15550007777";

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(Testkit.cluster().dcs(3)
        .user(TestUser.of(DAVE).dc(3).name("Dave", "Q"), TestUser.of(EVE_2FA).dc(2).password("pw", null),
            TestUser.of(FRAN).dc(1).name("Fran", ""), TestUser.of(GIL).dc(1).name("Gil", "")));

    private final List<MtprotoClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        for (MtprotoClient c : clients) {
            c.close().block(Logins.TIMEOUT);
        }
    }

    private MtprotoClient connect(TestCluster cluster, int startDc) {
        MtprotoClient client = Logins.client(cluster, startDc);
        clients.add(client);
        client.connect().block(Logins.TIMEOUT);
        return client;
    }

    private MtprotoClient loggedIn(TestCluster cluster, String phone) {
        int dc = cluster.homeDcOf(phone);
        MtprotoClient client = connect(cluster, dc);
        BaseAuthSentCode sent = (BaseAuthSentCode) call(client, Logins.sendCode(phone));
        String code = cluster.lastCode(phone).orElseThrow().code();
        try {
            call(client, new AuthSignIn(phone, sent.phoneCodeHash(), code, null));
        } catch (RpcException e) {
            assertThat(e.errorMessage()).isEqualTo("SESSION_PASSWORD_NEEDED");
            Logins.checkPassword(client, "pw").block(Logins.TIMEOUT);
        }
        call(client, new UpdatesGetState());
        return client;
    }

    private static AuthExportLoginToken exportToken() {
        return new AuthExportLoginToken(Logins.API_ID, Logins.API_HASH, List.of());
    }

    @Test
    void qrLoginAcceptedElsewhereThenMigratedToTheHomeDc(TestCluster cluster) throws Exception {
        MtprotoClient phone = loggedIn(cluster, DAVE);
        MtprotoClient waiting = connect(cluster, 2);
        CompletableFuture<Updates> pushed = waiting.updates()
            .filter(u -> u instanceof UpdateShort s && s.update() instanceof UpdateLoginToken).next().toFuture();
        BaseAuthLoginToken token = (BaseAuthLoginToken) call(waiting, exportToken());
        assertThat(token.token()).hasSize(32);
        assertThat(error(phone.invoke(new AuthAcceptLoginToken(new byte[32]))).errorMessage())
            .isEqualTo("AUTH_TOKEN_INVALID");
        Authorization accepted = call(phone, new AuthAcceptLoginToken(token.token()));
        assertThat(accepted.current()).isFalse();
        assertThat(pushed.get(60, TimeUnit.SECONDS)).isNotNull();
        assertThat(error(phone.invoke(new AuthAcceptLoginToken(token.token()))).errorMessage())
            .isEqualTo("AUTH_TOKEN_ALREADY_ACCEPTED");

        AuthLoginTokenMigrateTo migrate = (AuthLoginTokenMigrateTo) call(waiting, exportToken());
        assertThat(migrate.dcId()).isEqualTo(3);
        waiting.setHomeDc(3).block(Logins.TIMEOUT);
        AuthLoginTokenSuccess success = (AuthLoginTokenSuccess) waiting.invoke(3,
            new AuthImportLoginToken(migrate.token())).block(Logins.TIMEOUT);
        BaseUser me = (BaseUser) ((BaseAuthAuthorization) success.authorization()).user();
        assertThat(me.id()).isEqualTo(cluster.user(DAVE).orElseThrow().id());
        assertThat(call(waiting, new UpdatesGetState())).isNotNull();
        assertThat(error(waiting.invoke(3, new AuthImportLoginToken(migrate.token()))).errorMessage())
            .isEqualTo("AUTH_TOKEN_INVALID");
    }

    @Test
    void qrLoginOfATwoFactorAccountAsksForThePassword(TestCluster cluster) {
        MtprotoClient phone = loggedIn(cluster, EVE_2FA);
        MtprotoClient waiting = connect(cluster, 2);
        BaseAuthLoginToken token = (BaseAuthLoginToken) call(waiting, exportToken());
        call(phone, new AuthAcceptLoginToken(token.token()));
        RpcException needed = error(waiting.invoke(exportToken()));
        assertThat(needed.code()).isEqualTo(401);
        assertThat(needed.errorMessage()).isEqualTo("SESSION_PASSWORD_NEEDED");
        assertThat(Logins.checkPassword(waiting, "pw").block(Logins.TIMEOUT))
            .isInstanceOf(BaseAuthAuthorization.class);
    }

    @Test
    void savedMessagesReachTheOtherSession(TestCluster cluster) throws Exception {
        MtprotoClient first = loggedIn(cluster, FRAN);
        MtprotoClient second = loggedIn(cluster, FRAN);
        CompletableFuture<Updates> pushed = second.updates().filter(u -> u instanceof BaseUpdates).next().toFuture();
        MessagesSendMessage send = MessagesSendMessage.builder().peer(new InputPeerSelf()).message("note to self")
            .randomId(42).build();
        // Telegram's answer for the self chat: updateMessageID (random_id to id), then the full new message
        BaseUpdates sent = (BaseUpdates) call(first, send);
        assertThat(sent.updates()).hasSize(2);
        UpdateMessageID sentId = (UpdateMessageID) sent.updates().get(0);
        assertThat(sentId.randomId()).isEqualTo(42);
        assertThat(sentId.id()).isPositive();
        UpdateNewMessage sentMessage = (UpdateNewMessage) sent.updates().get(1);
        BaseMessage own = (BaseMessage) sentMessage.message();
        assertThat(own.id()).isEqualTo(sentId.id());
        assertThat(own.out()).isTrue();
        assertThat(own.message()).isEqualTo("note to self");
        assertThat(own.peerId()).isEqualTo(new PeerUser(cluster.user(FRAN).orElseThrow().id()));
        assertThat(sent.users()).singleElement().satisfies(u -> assertThat(((BaseUser) u).self()).isTrue());
        BaseUpdates update = (BaseUpdates) pushed.get(60, TimeUnit.SECONDS);
        UpdateNewMessage newMessage = (UpdateNewMessage) update.updates().get(0);
        assertThat(((BaseMessage) newMessage.message()).message()).isEqualTo("note to self");
        assertThat(((BaseMessage) newMessage.message()).id()).isEqualTo(sentId.id());
        assertThat(newMessage.pts()).isEqualTo(sentMessage.pts());
        assertThat(call(first, new UpdatesGetState()).pts()).isEqualTo(sentMessage.pts());
        MessagesSendMessage toOther = MessagesSendMessage.builder().peer(new InputPeerUser(1, 1)).message("hi")
            .randomId(43).build();
        assertThat(error(first.invoke(toOther)).errorMessage()).isEqualTo("PEER_ID_INVALID");
    }

    @Test
    void savedMessagesLostOnTheWayAreRecoveredWithGetDifference(TestCluster cluster) throws Exception {
        MtprotoClient first = loggedIn(cluster, GIL);
        MtprotoClient second = loggedIn(cluster, GIL);
        CompletableFuture<List<String>> texts = second.updates()
            .flatMapIterable(u -> u instanceof BaseUpdates b ? b.updates() : List.of())
            .ofType(UpdateNewMessage.class)
            .map(u -> ((BaseMessage) u.message()).message())
            .take(5)
            .collectList()
            .toFuture();
        send(first, "m1");
        cluster.faults(1).dropPushes(2);
        send(first, "m2"); // lost on the way
        send(first, "m3"); // lost on the way
        send(first, "m4"); // shows the gap: m2 and m3 come from the server's log, m4 once
        send(first, "m5");
        assertThat(texts.get(60, TimeUnit.SECONDS)).containsExactly("m1", "m2", "m3", "m4", "m5");
        assertThat(second.currentUpdateState().pts()).isEqualTo(call(first, new UpdatesGetState()).pts());
        // the limits a client may set: pts_limit slices the answer, pts_total_limit refuses a longer gap
        UpdatesDifferenceSlice slice = (UpdatesDifferenceSlice) call(second,
            new UpdatesGetDifference(0, 2, null, 0, 0, null));
        assertThat(slice.newMessages()).hasSize(2);
        assertThat(slice.intermediateState().pts()).isEqualTo(2);
        assertThat(call(second, new UpdatesGetDifference(0, null, 4, 0, 0, null)))
            .isInstanceOf(UpdatesDifferenceTooLong.class);
    }

    private static void send(MtprotoClient client, String text) {
        call(client, MessagesSendMessage.builder().peer(new InputPeerSelf()).message(text)
            .randomId(text.hashCode()).build());
    }

    @Test
    void anAccountMovedToAnotherDcIsSentThere(TestCluster cluster) {
        MtprotoClient client = loggedIn(cluster, FRAN);
        try {
            cluster.user(FRAN).orElseThrow().homeDc(2);
            assertThat(error(client.invoke(new UpdatesGetState())).errorMessage()).isEqualTo("USER_MIGRATE_2");
            assertThat(call(client, new UsersGetFullUser(new InputUserSelf()))).isNotNull();
        } finally {
            cluster.user(FRAN).orElseThrow().homeDc(1);
        }
        assertThat(call(client, new UpdatesGetState())).isNotNull();
    }

    @Test
    void theProfileCanBeEdited(TestCluster cluster) {
        MtprotoClient client = loggedIn(cluster, DAVE);
        BaseUser me = (BaseUser) call(client, new AccountUpdateProfile("David", null, "testing"));
        assertThat(me.firstName()).isEqualTo("David");
        assertThat(me.lastName()).isEqualTo("Q");
        UsersUserFull full = call(client, new UsersGetFullUser(new InputUserSelf()));
        assertThat(full.fullUser().about()).isEqualTo("testing");
        assertThat(error(client.invoke(new AccountUpdateProfile(" ", null, null))).errorMessage())
            .isEqualTo("FIRSTNAME_INVALID");
    }
}
