package io.mtflux.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mtflux.core.crypto.RandomSource;
import io.mtflux.core.crypto.SrpClient;
import io.mtflux.core.crypto.SrpProof;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.tl.TlReader;
import io.mtflux.core.tl.TlWriter;
import io.mtflux.core.tl.api.BaseInputCheckPasswordSRP;
import io.mtflux.core.tl.api.DataJSON;
import io.mtflux.core.tl.api.InputPeerSelf;
import io.mtflux.core.tl.api.InputUserSelf;
import io.mtflux.core.tl.api.account.AccountGetPassword;
import io.mtflux.core.tl.api.auth.AuthAcceptLoginToken;
import io.mtflux.core.tl.api.auth.AuthCheckPassword;
import io.mtflux.core.tl.api.auth.AuthExportLoginToken;
import io.mtflux.core.tl.api.auth.AuthSignIn;
import io.mtflux.core.tl.api.auth.AuthSignUp;
import io.mtflux.core.tl.api.help.HelpAcceptTermsOfService;
import io.mtflux.core.tl.api.help.HelpGetConfig;
import io.mtflux.core.tl.api.messages.MessagesSendMessage;
import io.mtflux.core.tl.api.updates.UpdatesGetState;
import io.mtflux.core.tl.api.users.UsersGetFullUser;
import io.mtflux.core.tl.api.users.UsersGetUsers;
import io.mtflux.core.tl.mtproto.GetFutureSalts;
import io.mtflux.core.tl.mtproto.MsgsAck;
import io.mtflux.core.tl.mtproto.MsgsStateReq;
import io.mtflux.testkit.layer.ApiLayers;
import io.mtflux.testkit.layer.SchemaReader;
import io.mtflux.testkit.layer.SchemaReader.Node;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Clients of older layers log in over loopback as the npm clients do (each with its transport and key-exchange
 * style) and read every answer and push with their own layer's schema.
 */
class ClusterLayersTest {
    private static final String PASSWORD = "pw-layers";

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(Testkit.cluster().dcs(3)
        .user(TestUser.of("+1 555 010 0158").dc(2).name("Old", "Core").password(PASSWORD, "hint"),
            TestUser.of("+1 555 010 0198").dc(2).name("Gram", "Js").password(PASSWORD, "hint"),
            TestUser.of("+1 555 010 0227").dc(2).name("Mt", "Cute").password(PASSWORD, "hint"),
            TestUser.of("+1 555 010 0200").dc(2).name("Between", "Layers"),
            TestUser.of("+1 555 010 0100").dc(2).name("Very", "Old"),
            TestUser.of("+1 555 010 0999").dc(2).name("Far", "Future"),
            TestUser.of("+1 555 010 0300").dc(2).name("Bad", "Input").code("13579")));

    private final List<LayerClient> clients = new ArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(LayerClient::close);
    }

    private LayerClient connect(TestCluster cluster, int layer, LayerClient.Style style) throws Exception {
        LayerClient client = LayerClient.connect(cluster, 2, layer, style);
        clients.add(client);
        return client;
    }

    private static LayerClient.Style style(String name) {
        return switch (name) {
            case "MTPROTO_CORE" -> LayerClient.Style.MTPROTO_CORE;
            case "MTCUTE" -> LayerClient.Style.MTCUTE;
            default -> LayerClient.Style.GRAMJS;
        };
    }

    private static RpcException rpcError(ThrowingCall call) {
        RpcException e = catchThrowableOfType(RpcException.class, call::run);
        assertThat(e).as("an rpc_error").isNotNull();
        return e;
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }

    /** account.getPassword, then auth.checkPassword with the SRP proof, all in the client's layer. */
    private static Node checkPassword(LayerClient client, SchemaReader reader) throws Exception {
        Node password = reader.read(client.call(new AccountGetPassword()));
        assertThat(password.name()).isEqualTo("account.password");
        Node algo = password.node("current_algo");
        SrpProof proof = SrpClient.computeProof(PASSWORD.getBytes(StandardCharsets.UTF_8), (byte[]) algo.get("salt1"),
            (byte[]) algo.get("salt2"), (Integer) algo.get("g"), (byte[]) algo.get("p"),
            (byte[]) password.get("srp_B"), RandomSource.secure());
        return reader.read(client.call(new AuthCheckPassword(new BaseInputCheckPasswordSRP(
            (Long) password.get("srp_id"), proof.a(), proof.m1()))));
    }

    private static int idOf(byte[] boxed) {
        return new TlReader(boxed).peekInt();
    }

    @ParameterizedTest(name = "layer {0} like {1}")
    @CsvSource({"158, MTPROTO_CORE", "198, GRAMJS", "227, MTCUTE"})
    void aClientOfAnOlderLayerLogsInWithTwoFactorAndReadsEveryAnswerAndPush(int layer, String styleName,
                                                                          TestCluster cluster) throws Exception {
        LayerClient.Style style = style(styleName);
        SchemaReader reader = SchemaReader.of(layer);
        String phone = "1555010" + String.format("%04d", layer); // no '+', as mtcute sends it
        LayerClient a = connect(cluster, layer, style);

        Node config = reader.read(a.call(new HelpGetConfig()));
        assertThat(config.name()).isEqualTo("config");
        assertThat(config.get("this_dc")).isEqualTo(2);
        assertThat(config.nodes("dc_options")).extracting(o -> o.get("port"))
            .containsExactlyElementsOf(cluster.endpoints().stream().map(DcEndpoint::port).toList());
        assertThat(cluster.dc(2).authKeys()).anySatisfy(k -> assertThat(k.layer()).isEqualTo(layer));

        Node sent = reader.read(a.call(Logins.sendCode(phone)));
        assertThat(sent.name()).isEqualTo("auth.sentCode");
        String hash = (String) sent.get("phone_code_hash");
        String code = cluster.lastCode(phone).orElseThrow().code();
        RpcException needed = rpcError(() -> a.call(new AuthSignIn(phone, hash, code, null)));
        assertThat(needed.code()).isEqualTo(401);
        assertThat(needed.errorMessage()).isEqualTo("SESSION_PASSWORD_NEEDED");
        assertThat(rpcError(() -> a.call(new UpdatesGetState())).code()).isEqualTo(401);

        Node authorization = checkPassword(a, reader);
        assertThat(authorization.name()).isEqualTo("auth.authorization");
        Node user = authorization.node("user");
        assertThat(user.id()).as("layer %d's user constructor", layer).isEqualTo(reader.id("user"));
        assertThat(user.get("self")).isEqualTo(true);
        long userId = cluster.user(phone).orElseThrow().id();
        assertThat(user.get("id")).isEqualTo(userId);

        Node full = reader.read(a.call(new UsersGetFullUser(new InputUserSelf())));
        assertThat(full.name()).isEqualTo("users.userFull");
        assertThat(full.node("full_user").id()).isEqualTo(reader.id("userFull"));
        assertThat(full.node("full_user").get("id")).isEqualTo(userId);
        assertThat(reader.readVector(a.call(new UsersGetUsers(List.of(new InputUserSelf())))))
            .singleElement().satisfies(u -> assertThat(u.id()).isEqualTo(reader.id("user")));
        assertThat(reader.read(a.call(new UpdatesGetState())).name()).isEqualTo("updates.state");

        // QR login of a second session of the same layer: the accept pushes updateLoginToken to it
        LayerClient b = connect(cluster, layer, style);
        AuthExportLoginToken export = new AuthExportLoginToken(Logins.API_ID, Logins.API_HASH, List.of());
        Node token = reader.read(b.call(export));
        assertThat(token.name()).isEqualTo("auth.loginToken");
        Node accepted = reader.read(a.call(new AuthAcceptLoginToken((byte[]) token.get("token"))));
        assertThat(accepted.name()).isEqualTo("authorization");
        Node loginTokenPush = reader.read(b.awaitPush(p -> true));
        assertThat(loginTokenPush.name()).isEqualTo("updateShort");
        assertThat(loginTokenPush.node("update").name()).isEqualTo("updateLoginToken");
        assertThat(rpcError(() -> b.call(export)).errorMessage()).isEqualTo("SESSION_PASSWORD_NEEDED");
        assertThat(checkPassword(b, reader).name()).isEqualTo("auth.authorization");
        assertThat(reader.read(b.call(new UpdatesGetState())).name()).isEqualTo("updates.state"); // as clients do

        // Saved Messages: the answer and the update pushed to the other session, both in the layer
        MessagesSendMessage note = MessagesSendMessage.builder().peer(new InputPeerSelf())
            .message("note in layer " + layer).randomId(layer).build();
        assertThat(idOf(a.encode(note))).isEqualTo(reader.id("messages.sendMessage"));
        // as Telegram answers for the self chat: updateMessageID, then updateNewMessage with the full message
        Node sentUpdates = reader.read(a.call(note));
        assertThat(sentUpdates.name()).isEqualTo("updates");
        assertThat(sentUpdates.nodes("updates")).extracting(Node::name)
            .containsExactly("updateMessageID", "updateNewMessage");
        Node sentId = sentUpdates.nodes("updates").get(0);
        assertThat(sentId.get("random_id")).isEqualTo((long) layer);
        Node sentMessage = sentUpdates.nodes("updates").get(1).node("message");
        assertThat(sentMessage.id()).isEqualTo(reader.id("message"));
        assertThat(sentMessage.get("id")).isEqualTo(sentId.get("id"));
        assertThat(sentMessage.get("message")).isEqualTo("note in layer " + layer);
        assertThat(sentUpdates.nodes("users")).singleElement()
            .satisfies(u -> assertThat(u.get("id")).isEqualTo(userId));
        Node updates = reader.read(b.awaitPush(p -> idOf(p) == reader.id("updates")));
        Node message = updates.nodes("updates").get(0).node("message");
        assertThat(message.id()).isEqualTo(reader.id("message"));
        assertThat(message.get("message")).isEqualTo("note in layer " + layer);
        assertThat(message.get("id")).isEqualTo(sentId.get("id"));
        assertThat(updates.nodes("users")).singleElement()
            .satisfies(u -> assertThat(u.id()).isEqualTo(reader.id("user")));
    }

    @ParameterizedTest(name = "layer {0} like {1}")
    @CsvSource({"158, MTPROTO_CORE", "198, GRAMJS", "227, MTCUTE"})
    void aTestNumberSignsUpInTheLayersOwnConstructors(int layer, String styleName, TestCluster cluster)
        throws Exception {
        SchemaReader reader = SchemaReader.of(layer);
        String phone = "99966 2 " + String.format("%04d", layer);
        LayerClient client = connect(cluster, layer, style(styleName));
        String hash = (String) reader.read(client.call(Logins.sendCode(phone))).get("phone_code_hash");
        Node required = reader.read(client.call(new AuthSignIn(phone, hash, "22222", null)));
        assertThat(required.name()).isEqualTo("auth.authorizationSignUpRequired");
        AuthSignUp signUp = new AuthSignUp(false, phone, hash, "New", "Layer" + layer);
        assertThat(idOf(client.encode(signUp))).isEqualTo(reader.id("auth.signUp"));
        Node authorization = reader.read(client.call(signUp));
        assertThat(authorization.node("user").id()).isEqualTo(reader.id("user"));
        assertThat(authorization.node("user").get("last_name")).isEqualTo("Layer" + layer);
        String terms = (String) required.node("terms_of_service").node("id").get("data");
        assertThat(reader.read(client.call(new HelpAcceptTermsOfService(new DataJSON(terms)))).name())
            .isEqualTo("boolTrue");
    }

    @ParameterizedTest(name = "announced {0} is served in {1}")
    @CsvSource({"200, 198", "100, 158", "999, 228"})
    void anUnknownLayerIsAnsweredInTheNearestLowerOne(int announced, int served, TestCluster cluster)
        throws Exception {
        SchemaReader reader = SchemaReader.of(served);
        String phone = "1555010" + String.format("%04d", announced);
        LayerClient client = connect(cluster, announced, LayerClient.Style.GRAMJS);
        String hash = (String) reader.read(client.call(Logins.sendCode(phone))).get("phone_code_hash");
        String code = cluster.lastCode(phone).orElseThrow().code();
        Node authorization = reader.read(client.call(new AuthSignIn(phone, hash, code, null)));
        assertThat(authorization.node("user").id()).isEqualTo(reader.id("user"));
        assertThat(cluster.dc(2).authKeys()).anySatisfy(k -> assertThat(k.layer()).isEqualTo(announced));
    }

    @Test
    void serviceQueriesOfMtcuteAreAnsweredBare(TestCluster cluster) throws Exception {
        LayerClient client = connect(cluster, 227, LayerClient.Style.MTCUTE);
        byte[] salts = client.service(new GetFutureSalts(3), false);
        assertThat(idOf(salts)).isEqualTo(0xae500895); // future_salts, not an rpc_result
        client.call(new HelpGetConfig());
        long configMsgId = client.lastMsgId();
        byte[] state = client.service(new MsgsStateReq(List.of(configMsgId, configMsgId + (1L << 32))), false);
        assertThat(idOf(state)).isEqualTo(0x04deb57d); // msgs_state_info
        TlReader r = new TlReader(state);
        r.readInt();
        r.readLong();
        assertThat(r.readBytes()).containsExactly(4, 3); // received; newer than anything received

        // mtcute numbers its msgs_ack as content-related (odd seq_no); Telegram lets it pass, so must we
        CompletableFuture<byte[]> ack = client.sendOnly(new MsgsAck(List.of(configMsgId)), true);
        assertThat(reader227().read(client.call(new HelpGetConfig())).name()).isEqualTo("config");
        assertThat(ack).isNotCompletedExceptionally();
    }

    private static SchemaReader reader227() {
        return SchemaReader.of(227);
    }

    @ParameterizedTest(name = "layer {0}")
    @CsvSource({"198", "228"})
    void badInputGetsRpcErrorsAndDisturbsNobody(int layer, TestCluster cluster) throws Exception {
        LayerClient bad = connect(cluster, layer, LayerClient.Style.GRAMJS);
        LayerClient bystander = connect(cluster, 227, LayerClient.Style.MTCUTE);
        SchemaReader reader = SchemaReader.of(227);
        ThrowingCall bystanderIsFine = () -> assertThat(reader.read(bystander.call(new HelpGetConfig())).name())
            .isEqualTo("config");
        bystanderIsFine.run();

        byte[] unknownMethod = {0x11, 0x22, 0x33, 0x44, 0, 0, 0, 0};
        RpcException unknown = rpcError(() -> bad.callRaw(unknownMethod));
        assertThat(unknown.code()).isEqualTo(400);
        assertThat(unknown.errorMessage()).isEqualTo("INPUT_METHOD_INVALID_" + Integer.toUnsignedString(0x44332211));
        TlWriter wrapper = new TlWriter();
        wrapper.writeInt(0xbf9459b7); // invokeWithoutUpdates around an unknown method
        wrapper.writeRaw(unknownMethod, 0, unknownMethod.length);
        assertThat(rpcError(() -> bad.callRaw(wrapper.toByteArray())).errorMessage())
            .isEqualTo("INPUT_METHOD_INVALID_" + Integer.toUnsignedString(0x44332211));
        bystanderIsFine.run();

        byte[] sendCode = bad.encode(Logins.sendCode("15550100300"));
        byte[] truncated = java.util.Arrays.copyOf(sendCode, sendCode.length / 2);
        assertThat(rpcError(() -> bad.callRaw(truncated)).errorMessage()).isEqualTo("INPUT_FETCH_ERROR");
        TlWriter deep = new TlWriter();
        for (int i = 0; i < 10_000; i++) {
            deep.writeInt(0xbf9459b7); // invokeWithoutUpdates, nested far past any depth limit
        }
        byte[] query = bad.encode(new HelpGetConfig());
        deep.writeRaw(query, 0, query.length);
        assertThat(rpcError(() -> bad.callRaw(deep.toByteArray())).errorMessage()).isEqualTo("INPUT_FETCH_ERROR");
        bystanderIsFine.run();

        String huge = "1".repeat(200_000);
        assertThat(rpcError(() -> bad.call(Logins.sendCode(huge))).errorMessage()).isEqualTo("PHONE_NUMBER_INVALID");
        String hash = (String) SchemaReader.of(ApiLayers.resolve(layer)).read(bad.call(Logins.sendCode("15550100300")))
            .get("phone_code_hash");
        assertThat(rpcError(() -> bad.call(new AuthSignIn("15550100300", hash + "x", "13579", null))).errorMessage())
            .isEqualTo("PHONE_CODE_EXPIRED");
        assertThat(rpcError(() -> bad.call(new AuthSignIn("15550100300", hash, "1".repeat(100_000), null)))
            .errorMessage()).isEqualTo("PHONE_CODE_INVALID");
        bad.call(new AuthSignIn("15550100300", hash, "13579", null));
        MessagesSendMessage tooLong = MessagesSendMessage.builder().peer(new InputPeerSelf())
            .message("x".repeat(100_000)).randomId(1).build();
        assertThat(rpcError(() -> bad.call(tooLong)).errorMessage()).isEqualTo("MESSAGE_TOO_LONG");
        bystanderIsFine.run();

        // the code cannot be used twice, not even by another key
        LayerClient again = connect(cluster, layer, LayerClient.Style.GRAMJS);
        assertThat(rpcError(() -> again.call(new AuthSignIn("15550100300", hash, "13579", null))).errorMessage())
            .isEqualTo("PHONE_CODE_EXPIRED");
        assertThat(bad.call(new UpdatesGetState())).isNotEmpty();
        bystanderIsFine.run();
    }
}
