package io.mtflux.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mtflux.core.crypto.AuthKey;
import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.handshake.HandshakeResult;
import io.mtflux.core.handshake.TempKeyBinding;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.tl.TlReader;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.InputUserSelf;
import io.mtflux.core.tl.api.User;
import io.mtflux.core.tl.api.auth.AuthBindTempAuthKey;
import io.mtflux.core.tl.api.auth.AuthSignIn;
import io.mtflux.core.tl.api.auth.BaseAuthAuthorization;
import io.mtflux.core.tl.api.auth.BaseAuthSentCode;
import io.mtflux.core.tl.api.help.HelpGetNearestDc;
import io.mtflux.core.tl.api.updates.UpdatesGetState;
import io.mtflux.core.tl.api.users.UsersGetUsers;
import io.mtflux.testkit.server.KeyLog;
import io.mtflux.testkit.server.ServerAuthKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.LongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * auth.bindTempAuthKey on the cluster, checked as https://core.telegram.org/method/auth.bindTempAuthKey specifies,
 * and the life of temporary keys (https://core.telegram.org/api/pfs): every mismatch in the binding is 400
 * ENCRYPTED_MESSAGE_INVALID, the other documented errors, one binding per permanent key, and expiry by the
 * cluster's clock (-404, binding gone).
 */
class BindTempAuthKeyTest {
    private static final MutableClock CLOCK = new MutableClock();
    private static final RandomSource RANDOM = RandomSource.secure();
    private static final String DAN = "+1 555 040 0001";

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(Testkit.cluster().dcs(2).clock(CLOCK)
        .user(TestUser.of(DAN).dc(2).name("Dan", "Bind").code("44444")));

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T track(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private static String bindError(PfsTestClient client, LongFunction<AuthBindTempAuthKey> request) {
        RpcException e = catchThrowableOfType(RpcException.class, () -> client.bind(request));
        assertThat(e).as("an rpc_error").isNotNull();
        assertThat(e.code()).isEqualTo(400);
        return e.errorMessage();
    }

    private static Optional<ServerAuthKey> serverKey(TestCluster cluster, int dcId, long id) {
        return cluster.dc(dcId).authKeys().stream().filter(k -> k.id() == id).findFirst();
    }

    private static AuthBindTempAuthKey withNonce(AuthBindTempAuthKey r, long nonce) {
        return new AuthBindTempAuthKey(r.permAuthKeyId(), nonce, r.expiresAt(), r.encryptedMessage());
    }

    @Test
    void everyMismatchInTheBindingIsEncryptedMessageInvalidAndLeavesTheKeyUnbound(TestCluster cluster)
        throws Exception {
        PfsTestClient client = track(PfsTestClient.unbound(cluster, 2, 60));
        AuthKey perm = client.permanentKey().authKey();
        AuthKey temp = client.temporaryKey().authKey();
        long session = client.connection().sessionId();
        int expiresAt = client.expiresAt();
        AuthKey otherTemp = LayerClient.createKey(cluster, 2, PfsTestClient.STYLE, 60).authKey();
        AuthKey otherPerm = LayerClient.createKey(cluster, 2, PfsTestClient.STYLE, 0).authKey();
        AuthKey permOfDc1 = LayerClient.createKey(cluster, 1, PfsTestClient.STYLE, 0).authKey();
        AuthKey unknown = AuthKey.of(RANDOM.bytes(256));
        String invalid = "ENCRYPTED_MESSAGE_INVALID";

        assertThat(bindError(client, msgId -> withNonce(
            TempKeyBinding.request(perm, temp, session, expiresAt, msgId, RANDOM), 42))).as("nonce").isEqualTo(invalid);
        assertThat(bindError(client, msgId -> TempKeyBinding.request(perm, temp, session + 1, expiresAt, msgId,
            RANDOM))).as("temp_session_id").isEqualTo(invalid);
        assertThat(bindError(client, msgId -> TempKeyBinding.request(perm, temp, session, expiresAt, msgId + 4,
            RANDOM))).as("msg_id").isEqualTo(invalid);
        assertThat(bindError(client, msgId -> TempKeyBinding.request(perm, otherTemp, session, expiresAt, msgId,
            RANDOM))).as("temp_auth_key_id").isEqualTo(invalid);
        assertThat(bindError(client, msgId -> {
            AuthBindTempAuthKey r = TempKeyBinding.request(perm, temp, session, expiresAt, msgId, RANDOM);
            return new AuthBindTempAuthKey(r.permAuthKeyId(), r.nonce(), r.expiresAt() + 1, r.encryptedMessage());
        })).as("expires_at outside and inside differ").isEqualTo(invalid);
        assertThat(bindError(client, msgId -> TempKeyBinding.request(unknown, temp, session, expiresAt, msgId,
            RANDOM))).as("a permanent key no DC knows").isEqualTo(invalid);
        assertThat(bindError(client, msgId -> TempKeyBinding.request(permOfDc1, temp, session, expiresAt, msgId,
            RANDOM))).as("a permanent key of another DC").isEqualTo(invalid);
        assertThat(bindError(client, msgId -> TempKeyBinding.request(otherTemp, temp, session, expiresAt, msgId,
            RANDOM))).as("a temporary key as the permanent one").isEqualTo(invalid);
        assertThat(bindError(client, msgId -> {
            AuthBindTempAuthKey r = TempKeyBinding.request(perm, temp, session, expiresAt, msgId, RANDOM);
            return new AuthBindTempAuthKey(otherPerm.id(), r.nonce(), r.expiresAt(), r.encryptedMessage());
        })).as("perm_auth_key_id names a key that did not encrypt it").isEqualTo(invalid);
        assertThat(bindError(client, msgId -> {
            AuthBindTempAuthKey r = TempKeyBinding.request(perm, temp, session, expiresAt, msgId, RANDOM);
            byte[] tampered = r.encryptedMessage();
            tampered[40] ^= 1;
            return new AuthBindTempAuthKey(r.permAuthKeyId(), r.nonce(), r.expiresAt(), tampered);
        })).as("tampered encrypted_message").isEqualTo(invalid);
        assertThat(bindError(client, msgId -> {
            AuthBindTempAuthKey r = TempKeyBinding.request(perm, temp, session, expiresAt, msgId, RANDOM);
            return new AuthBindTempAuthKey(r.permAuthKeyId(), r.nonce(), r.expiresAt(),
                Arrays.copyOf(r.encryptedMessage(), 40));
        })).as("truncated encrypted_message").isEqualTo(invalid);

        RpcException unbound = catchThrowableOfType(RpcException.class, () -> client.call(new UpdatesGetState()));
        assertThat(unbound.errorMessage()).isEqualTo("AUTH_KEY_PERM_EMPTY");
        assertThat(serverKey(cluster, 2, temp.id()).orElseThrow().boundPermanentKey()).isEmpty();

        long bindings = cluster.dc(2).keyLog().bindings();
        client.bind();
        assertThat(cluster.dc(2).keyLog().bindings()).isEqualTo(bindings + 1);
        assertThat(serverKey(cluster, 2, temp.id()).orElseThrow().boundPermanentKey()).map(ServerAuthKey::id)
            .contains(perm.id());
        assertThat(serverKey(cluster, 2, perm.id()).orElseThrow().boundTemporaryKey()).map(ServerAuthKey::id)
            .contains(temp.id());
    }

    @Test
    void anExpiresAtInThePastIsExpiresAtInvalid(TestCluster cluster) throws Exception {
        PfsTestClient client = track(PfsTestClient.unbound(cluster, 2, 60));
        int past = (int) (System.currentTimeMillis() / 1000) - 60;
        assertThat(bindError(client, msgId -> TempKeyBinding.request(client.permanentKey().authKey(),
            client.temporaryKey().authKey(), client.connection().sessionId(), past, msgId, RANDOM)))
            .isEqualTo("EXPIRES_AT_INVALID");
    }

    @Test
    void bindingOverAPermanentKeyIsTempAuthKeyEmpty(TestCluster cluster) throws Exception {
        HandshakeResult perm = LayerClient.createKey(cluster, 2, PfsTestClient.STYLE, 0);
        LayerClient direct = track(LayerClient.open(cluster, 2, 228, PfsTestClient.STYLE, perm));
        int expiresAt = (int) (System.currentTimeMillis() / 1000) + 60;
        RpcException e = catchThrowableOfType(RpcException.class, () -> direct.callForMsgId(msgId ->
            TempKeyBinding.request(perm.authKey(), perm.authKey(), direct.sessionId(), expiresAt, msgId, RANDOM)));
        assertThat(e.code()).isEqualTo(400);
        assertThat(e.errorMessage()).isEqualTo("TEMP_AUTH_KEY_EMPTY");
    }

    @Test
    void aTemporaryKeyBoundToOnePermanentKeyCannotBeBoundToAnother(TestCluster cluster) throws Exception {
        PfsTestClient client = track(PfsTestClient.start(cluster, 2, 60));
        AuthKey otherPerm = LayerClient.createKey(cluster, 2, PfsTestClient.STYLE, 0).authKey();
        assertThat(bindError(client, msgId -> TempKeyBinding.request(otherPerm, client.temporaryKey().authKey(),
            client.connection().sessionId(), client.expiresAt(), msgId, RANDOM)))
            .isEqualTo("TEMP_AUTH_KEY_ALREADY_BOUND");
        client.bind(); // the same binding again is fine
        assertThat(serverKey(cluster, 2, otherPerm.id()).orElseThrow().boundTemporaryKey()).isEmpty();
    }

    @Test
    void aNewBindingReplacesThePermanentKeysPreviousTemporaryKey(TestCluster cluster) throws Exception {
        PfsTestClient client = track(PfsTestClient.start(cluster, 2, 60));
        BaseAuthSentCode sent = (BaseAuthSentCode) client.call(Logins.sendCode(DAN));
        BaseAuthAuthorization login = (BaseAuthAuthorization) client.call(new AuthSignIn(DAN, sent.phoneCodeHash(),
            cluster.lastCode(DAN).orElseThrow().code(), null));
        long userId = ((BaseUser) login.user()).id();
        AuthKey perm = client.permanentKey().authKey();

        HandshakeResult second = LayerClient.createKey(cluster, 2, PfsTestClient.STYLE, 60);
        LayerClient next = track(LayerClient.open(cluster, 2, 228, PfsTestClient.STYLE, second));
        next.callForMsgId(msgId -> TempKeyBinding.request(perm, second.authKey(), next.sessionId(),
            client.expiresAt(), msgId, RANDOM));
        next.reinitialize();
        UsersGetUsers self = new UsersGetUsers(List.of(new InputUserSelf()));
        List<User> users = self.readResult(new TlReader(next.call(self)));
        assertThat(((BaseUser) users.get(0)).id()).isEqualTo(userId);

        RpcException e = catchThrowableOfType(RpcException.class, () -> client.call(self));
        assertThat(e.code()).isEqualTo(401);
        assertThat(e.errorMessage()).as("the replaced key is unbound").isEqualTo("AUTH_KEY_PERM_EMPTY");
        assertThat(serverKey(cluster, 2, perm.id()).orElseThrow().boundTemporaryKey()).map(ServerAuthKey::id)
            .contains(second.authKey().id());
        assertThat(serverKey(cluster, 2, client.temporaryKey().authKey().id()).orElseThrow().boundPermanentKey())
            .isEmpty();
    }

    @Test
    void anExpiredTemporaryKeyIsForgottenWithItsBindingAndAnswered404(TestCluster cluster) throws Exception {
        KeyLog log = cluster.dc(2).keyLog();
        PfsTestClient bound = track(PfsTestClient.start(cluster, 2, 30));
        PfsTestClient unbound = track(PfsTestClient.unbound(cluster, 2, 30));
        long boundId = bound.temporaryKey().authKey().id();
        long permId = bound.permanentKey().authKey().id();
        ServerAuthKey stored = serverKey(cluster, 2, boundId).orElseThrow();
        assertThat(stored.temporary()).isTrue();
        // created + expires_in, or the binding's expires_at (whole seconds) when that comes first
        assertThat(stored.expiresAt().orElseThrow()).isBetween(stored.created().plusSeconds(28),
            stored.created().plusSeconds(30));
        assertThat(bound.call(new HelpGetNearestDc()).thisDc()).isEqualTo(2);
        long expiries = log.expiries();

        CLOCK.advance(Duration.ofSeconds(31));

        ExecutionException onBound = catchThrowableOfType(ExecutionException.class,
            () -> bound.call(new HelpGetNearestDc()));
        assertThat(PfsTestClient.transportError(onBound)).isEqualTo(-404);
        ExecutionException bindOnExpired = catchThrowableOfType(ExecutionException.class, unbound::bind);
        assertThat(PfsTestClient.transportError(bindOnExpired)).isEqualTo(-404);
        assertThat(serverKey(cluster, 2, boundId)).isEmpty();
        assertThat(serverKey(cluster, 2, permId).orElseThrow().boundTemporaryKey()).isEmpty();
        assertThat(log.expiries() - expiries).isGreaterThanOrEqualTo(2);
    }

    @Test
    void anEarlierExpiresAtEndsTheTemporaryKeySooner(TestCluster cluster) throws Exception {
        PfsTestClient client = track(PfsTestClient.unbound(cluster, 2, 3600));
        int soon = (int) (System.currentTimeMillis() / 1000) + 20;
        client.bind(msgId -> TempKeyBinding.request(client.permanentKey().authKey(), client.temporaryKey().authKey(),
            client.connection().sessionId(), soon, msgId, RANDOM));
        ServerAuthKey stored = serverKey(cluster, 2, client.temporaryKey().authKey().id()).orElseThrow();
        assertThat(stored.expiresAt().orElseThrow()).isBeforeOrEqualTo(Instant.ofEpochMilli(CLOCK.millis())
            .plusSeconds(20));
        assertThat(client.call(new HelpGetNearestDc()).thisDc()).isEqualTo(2);

        CLOCK.advance(Duration.ofSeconds(21));

        ExecutionException e = catchThrowableOfType(ExecutionException.class,
            () -> client.call(new HelpGetNearestDc()));
        assertThat(PfsTestClient.transportError(e)).isEqualTo(-404);
    }

    @Test
    void bothTemporaryInnerDataFormsCreateExpiringKeys(TestCluster cluster) throws Exception {
        KeyLog log = cluster.dc(2).keyLog();
        long temporary = log.temporaryKeysCreated();
        long permanent = log.permanentKeysCreated();
        HandshakeResult legacy = LayerClient.createKey(cluster, 2, LayerClient.Style.GRAMJS, 45);
        HandshakeResult withDc = LayerClient.createKey(cluster, 2, LayerClient.Style.MTCUTE, 45);
        HandshakeResult perm = LayerClient.createKey(cluster, 2, LayerClient.Style.MTCUTE, 0);

        assertThat(legacy.dc()).as("p_q_inner_data_temp has no dc").isZero();
        assertThat(withDc.dc()).isEqualTo(2);
        for (HandshakeResult key : List.of(legacy, withDc)) {
            ServerAuthKey stored = serverKey(cluster, 2, key.authKey().id()).orElseThrow();
            assertThat(stored.temporary()).isTrue();
            assertThat(stored.expiresAt()).contains(stored.created().plusSeconds(45));
        }
        ServerAuthKey stored = serverKey(cluster, 2, perm.authKey().id()).orElseThrow();
        assertThat(stored.temporary()).isFalse();
        assertThat(stored.expiresAt()).isEmpty();
        assertThat(log.temporaryKeysCreated() - temporary).isEqualTo(2);
        assertThat(log.permanentKeysCreated() - permanent).isEqualTo(1);
    }
}
