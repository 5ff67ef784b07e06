package io.mtflux.testkit.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.crypto.DhGroup;
import io.mtflux.core.internal.server.SrpServer;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.tl.TlObject;
import io.mtflux.core.tl.TlReader;
import io.mtflux.core.tl.TlWriter;
import io.mtflux.core.tl.api.updates.UpdatesDifferenceEmpty;
import io.mtflux.core.tl.api.updates.UpdatesDifferenceTooLong;
import io.mtflux.testkit.CodeDelivery;
import io.mtflux.testkit.layer.ApiLayers;
import io.mtflux.testkit.layer.LayerTranscoder;
import io.mtflux.testkit.layer.SchemaReader.Node;
import io.mtflux.testkit.layer.SchemaReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every object the login API sends, in every supported layer: transcoded from the generated layer-228 classes,
 * read back by an independent reader of that layer's schema (the way a client of that layer reads it), and
 * transcoded back to 228 without loss.
 */
class ApiObjectsLayersTest {
    private static final ApiObjects OBJECTS = ApiObjects.forLayer(228);

    private static Account account(String phone, String secret, TwoFactor twoFactor) {
        Account a = new Account(1000 + (secret == null ? 1 : 2), 0x1122334455667788L, phone, secret, null, "Ann",
            "Lee", "ann_lee", 2, twoFactor);
        a.about("about Ann");
        return a;
    }

    /** Each object by a short label. */
    static Map<String, TlObject> loginObjects() {
        TwoFactor twoFactor = new TwoFactor(SrpServer.fromPassword("hunter2".getBytes(StandardCharsets.UTF_8),
            bytes(8, 1), bytes(16, 2), DhGroup.TELEGRAM), "pet");
        Account ann = account("15550001111", null, twoFactor);
        Account bot = account(null, "secret", null);
        Map<String, TlObject> all = new LinkedHashMap<>();
        all.put("user (self)", OBJECTS.user(ann, true));
        all.put("user (other)", OBJECTS.user(ann, false));
        all.put("user (bot)", OBJECTS.user(bot, true));
        all.put("auth.authorization", OBJECTS.authorization(ann));
        all.put("auth.authorizationSignUpRequired", OBJECTS.signUpRequired());
        all.put("auth.sentCode", OBJECTS.sentCode("hash-1", CodeDelivery.SMS, CodeDelivery.SMS, 5, 120));
        all.put("auth.sentCode (app, next call)", OBJECTS.sentCode("hash-2", CodeDelivery.APP, CodeDelivery.CALL, 5,
            60));
        all.put("auth.sentCode (call, next flash call)", OBJECTS.sentCode("hash-3", CodeDelivery.CALL,
            CodeDelivery.FLASH_CALL, 5, 60));
        all.put("auth.sentCode (flash call, next missed call)", OBJECTS.sentCode("hash-4", CodeDelivery.FLASH_CALL,
            CodeDelivery.MISSED_CALL, 5, 60));
        all.put("auth.sentCode (missed call, no next)", OBJECTS.sentCode("hash-5", CodeDelivery.MISSED_CALL, null,
            5, 60));
        all.put("account.password (none)", OBJECTS.password(null, null, 0, bytes(40, 3), bytes(32, 4), bytes(8, 5),
            bytes(32, 6)));
        all.put("account.password (2FA)", OBJECTS.password(twoFactor, bytes(256, 7), 0x7766554433221100L,
            bytes(40, 3), bytes(32, 4), bytes(8, 5), bytes(32, 6)));
        all.put("auth.exportedAuthorization", OBJECTS.exportedAuthorization(1001, bytes(64, 8)));
        all.put("auth.loggedOut", OBJECTS.loggedOut());
        all.put("account.authorizations", OBJECTS.authorizations(List.of(OBJECTS.authorizationEntry(
            new KeyAuthorization(KeyAuthorization.State.AUTHORIZED, 1001, 2, 1_700_000_000, 42, false), true, 2))));
        all.put("users.userFull", OBJECTS.fullUser(ann, true));
        all.put("updates.state", OBJECTS.state(7, 1_700_000_000));
        all.put("auth.loginToken", OBJECTS.loginToken(1_700_000_030, bytes(32, 9)));
        all.put("auth.loginTokenMigrateTo", OBJECTS.loginTokenMigrateTo(4, bytes(32, 10)));
        all.put("auth.loginTokenSuccess", OBJECTS.loginTokenSuccess(OBJECTS.authorization(ann)));
        all.put("updateShort(updateLoginToken)", OBJECTS.updateLoginToken(1_700_000_000));
        all.put("updates(updateMessageID, updateNewMessage)", OBJECTS.sentToSelf(ann,
            new Account.SavedMessage(1, 2, 1_700_000_000, "sent"), 0x1122334455667788L));
        all.put("updates(updateNewMessage)", OBJECTS.newSavedMessage(ann,
            new Account.SavedMessage(1, 3, 1_700_000_000, "hello")));
        ann.saveMessage("first", 1_700_000_000);
        ann.saveMessage("second", 1_700_000_001);
        all.put("updates.difference", OBJECTS.difference(ann, 0, 100, 1_700_000_002));
        all.put("updates.differenceSlice", OBJECTS.difference(ann, 0, 1, 1_700_000_002));
        all.put("nearestDc", OBJECTS.nearestDc(2));
        all.put("updates.differenceEmpty", new UpdatesDifferenceEmpty(1_700_000_000, 0));
        all.put("updates.differenceTooLong", new UpdatesDifferenceTooLong(9));
        all.put("config", OBJECTS.config(2, List.of(DcEndpoint.of(1, "127.0.0.1", 40001),
            DcEndpoint.of(2, "127.0.0.1", 40002)), true, 1_700_000_000));
        return all;
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }

    @ParameterizedTest
    @ValueSource(ints = {158, 198, 227, 228})
    void everyLoginObjectReadsInTheLayerAndComesBackUnchanged(int layer) {
        LayerTranscoder transcoder = ApiLayers.transcoder(layer);
        SchemaReader reader = SchemaReader.of(layer);
        loginObjects().forEach((label, object) -> {
            byte[] native228 = TlWriter.serialize(object);
            byte[] inLayer = transcoder.toClient(native228);
            Node node = reader.read(inLayer);
            assertThat(node.name()).as(label).isEqualTo(object.tlName());
            byte[] back = transcoder.toServerObject(inLayer);
            assertThat(back).as(label + " back in 228").isEqualTo(native228);
            assertThat(TlWriter.serialize(new TlReader(back).readObject())).as(label).isEqualTo(native228);
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {158, 198, 227})
    void fieldsKeepTheirValuesInTheLayersOwnConstructors(int layer) {
        LayerTranscoder transcoder = ApiLayers.transcoder(layer);
        SchemaReader reader = SchemaReader.of(layer);
        Map<String, TlObject> all = loginObjects();

        Node user = reader.read(transcoder.toClient(TlWriter.serialize(all.get("user (self)"))));
        assertThat(user.id()).isEqualTo(reader.id("user"));
        assertThat(user.get("self")).isEqualTo(true);
        assertThat(user.get("id")).isEqualTo(1001L);
        assertThat(user.get("access_hash")).isEqualTo(0x1122334455667788L);
        assertThat(user.get("first_name")).isEqualTo("Ann");
        assertThat(user.get("last_name")).isEqualTo("Lee");
        assertThat(user.get("username")).isEqualTo("ann_lee");
        assertThat(user.get("phone")).isEqualTo("15550001111");
        assertThat(user.node("status").name()).isEqualTo("userStatusEmpty");

        Node bot = reader.read(transcoder.toClient(TlWriter.serialize(all.get("user (bot)"))));
        assertThat(bot.get("bot")).isEqualTo(true);
        assertThat(bot.get("bot_info_version")).isEqualTo(1);

        Node auth = reader.read(transcoder.toClient(TlWriter.serialize(all.get("auth.authorization"))));
        assertThat(auth.id()).isEqualTo(reader.id("auth.authorization"));
        assertThat(auth.node("user").get("first_name")).isEqualTo("Ann");

        Node full = reader.read(transcoder.toClient(TlWriter.serialize(all.get("users.userFull"))));
        assertThat(full.node("full_user").id()).isEqualTo(reader.id("userFull"));
        assertThat(full.node("full_user").get("about")).isEqualTo("about Ann");
        assertThat(full.nodes("users")).singleElement().satisfies(u -> assertThat(u.get("id")).isEqualTo(1001L));

        Node sent = reader.read(transcoder.toClient(TlWriter.serialize(all.get("auth.sentCode"))));
        assertThat(sent.get("phone_code_hash")).isEqualTo("hash-1");
        assertThat(sent.node("type").get("length")).isEqualTo(5);

        Node password = reader.read(transcoder.toClient(TlWriter.serialize(all.get("account.password (2FA)"))));
        assertThat(password.get("has_password")).isEqualTo(true);
        assertThat(password.get("srp_id")).isEqualTo(0x7766554433221100L);
        assertThat(password.get("hint")).isEqualTo("pet");
        assertThat((byte[]) password.node("current_algo").get("p")).isEqualTo(DhGroup.TELEGRAM.primeBytes());

        Node config = reader.read(transcoder.toClient(TlWriter.serialize(all.get("config"))));
        assertThat(config.get("this_dc")).isEqualTo(2);
        assertThat(config.nodes("dc_options")).extracting(o -> o.get("port")).containsExactly(40001, 40002);

        Node saved = reader.read(transcoder.toClient(TlWriter.serialize(all.get("updates(updateNewMessage)"))));
        Node message = saved.nodes("updates").get(0).node("message");
        assertThat(message.id()).isEqualTo(reader.id("message"));
        assertThat(message.get("message")).isEqualTo("hello");
        assertThat(saved.nodes("users").get(0).id()).isEqualTo(reader.id("user"));
    }
}
