package io.mtflux.testkit.api;

import io.mtflux.core.crypto.DhGroup;
import io.mtflux.core.store.DcEndpoint;
import io.mtflux.core.tl.TlObject;
import io.mtflux.core.tl.api.Authorization;
import io.mtflux.core.tl.api.BaseMessage;
import io.mtflux.core.tl.api.BaseUpdates;
import io.mtflux.core.tl.api.BaseUser;
import io.mtflux.core.tl.api.Config;
import io.mtflux.core.tl.api.DataJSON;
import io.mtflux.core.tl.api.DcOption;
import io.mtflux.core.tl.api.Message;
import io.mtflux.core.tl.api.NearestDc;
import io.mtflux.core.tl.api.PeerUser;
import io.mtflux.core.tl.api.UpdateLoginToken;
import io.mtflux.core.tl.api.UpdateMessageID;
import io.mtflux.core.tl.api.UpdateNewMessage;
import io.mtflux.core.tl.api.UpdateShort;
import io.mtflux.core.tl.api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow;
import io.mtflux.core.tl.api.PeerNotifySettings;
import io.mtflux.core.tl.api.PeerSettings;
import io.mtflux.core.tl.api.SecurePasswordKdfAlgoPBKDF2HMACSHA512iter100000;
import io.mtflux.core.tl.api.User;
import io.mtflux.core.tl.api.UserFull;
import io.mtflux.core.tl.api.UserStatusEmpty;
import io.mtflux.core.tl.api.account.AccountAuthorizations;
import io.mtflux.core.tl.api.account.AccountPassword;
import io.mtflux.core.tl.api.auth.AuthAuthorization;
import io.mtflux.core.tl.api.auth.AuthAuthorizationSignUpRequired;
import io.mtflux.core.tl.api.auth.AuthLoginTokenMigrateTo;
import io.mtflux.core.tl.api.auth.AuthLoginTokenSuccess;
import io.mtflux.core.tl.api.auth.BaseAuthLoginToken;
import io.mtflux.core.tl.api.auth.AuthCodeType;
import io.mtflux.core.tl.api.auth.AuthCodeTypeCall;
import io.mtflux.core.tl.api.auth.AuthCodeTypeFlashCall;
import io.mtflux.core.tl.api.auth.AuthCodeTypeMissedCall;
import io.mtflux.core.tl.api.auth.AuthCodeTypeSms;
import io.mtflux.core.tl.api.auth.AuthExportedAuthorization;
import io.mtflux.core.tl.api.auth.AuthLoggedOut;
import io.mtflux.core.tl.api.auth.AuthSentCodeType;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeApp;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeCall;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeFlashCall;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeMissedCall;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeSms;
import io.mtflux.core.tl.api.auth.BaseAuthAuthorization;
import io.mtflux.core.tl.api.auth.BaseAuthSentCode;
import io.mtflux.core.tl.api.help.HelpTermsOfService;
import io.mtflux.core.tl.api.updates.BaseUpdatesDifference;
import io.mtflux.core.tl.api.updates.UpdatesDifferenceEmpty;
import io.mtflux.core.tl.api.updates.UpdatesDifferenceSlice;
import io.mtflux.core.tl.api.updates.UpdatesDifferenceTooLong;
import io.mtflux.core.tl.api.updates.UpdatesState;
import io.mtflux.core.tl.api.users.UsersUserFull;
import io.mtflux.testkit.CodeDelivery;
import java.util.ArrayList;
import java.util.List;

/**
 * Every API object the cluster sends is built here, from the account database's plain values, with the generated
 * layer-228 classes. Clients of other layers get them rewritten into their layer's constructors by the server
 * connection ({@link io.mtflux.testkit.layer.LayerTranscoder}), so one set of objects serves every layer;
 * {@link #forLayer} stays the hook for a reply that must differ in content, not only in constructors.
 */
public final class ApiObjects {
    /** The layer whose constructors this encoder builds. */
    public static final int LAYER = 228;
    /** The id of the terms of service sign-up shows (and help.acceptTermsOfService accepts). */
    public static final String TERMS_ID = "testkit-tos-1";

    private static final ApiObjects LAYER_228 = new ApiObjects();

    private ApiObjects() {
    }

    /**
     * @param layer the layer the connection announced (0 if none)
     * @return the builder for it (today one for all layers: the transcoder adapts the constructors)
     */
    public static ApiObjects forLayer(int layer) {
        return LAYER_228;
    }

    /** Whether an unregistered number's right code can answer auth.authorizationSignUpRequired in this layer
     * (else the error PHONE_NUMBER_UNOCCUPIED, as layers before 104 did; LoginLimits can ask for the error too). */
    boolean signUpRequiredObject() {
        return true;
    }

    User user(Account a, boolean self) {
        BaseUser.Builder b = BaseUser.builder().self(self).id(a.id()).accessHash(a.accessHash())
            .firstName(a.firstName()).status(new UserStatusEmpty());
        if (a.lastName() != null && !a.lastName().isEmpty()) {
            b.lastName(a.lastName());
        }
        if (a.username() != null) {
            b.username(a.username());
        }
        if (a.bot()) {
            b.bot(true).botInfoVersion(1);
        } else if (self) {
            b.phone(a.phone());
        }
        return b.build();
    }

    TlObject authorization(Account a) {
        return BaseAuthAuthorization.builder().user(user(a, true)).build();
    }

    TlObject signUpRequired() {
        return new AuthAuthorizationSignUpRequired(new HelpTermsOfService(false, new DataJSON(TERMS_ID),
            "These are the terms of service of the mtflux testkit: nothing here is real.", List.of(), null));
    }

    /**
     * {@code auth.sentCode}: {@code type} from how the code went, {@code next_type} and {@code timeout} only when
     * there is a next kind (https://core.telegram.org/constructor/auth.sentCode).
     */
    TlObject sentCode(String hash, CodeDelivery type, CodeDelivery next, int codeLength, int timeoutSeconds) {
        return new BaseAuthSentCode(sentCodeType(type, codeLength), hash, next == null ? null : codeType(next),
            next == null ? null : timeoutSeconds);
    }

    private static AuthSentCodeType sentCodeType(CodeDelivery type, int length) {
        return switch (type) {
            case APP -> new AuthSentCodeTypeApp(length);
            case SMS -> new AuthSentCodeTypeSms(length);
            case CALL -> new AuthSentCodeTypeCall(length);
            // the caller's number is the code: a pattern that any number of that length matches
            case FLASH_CALL -> new AuthSentCodeTypeFlashCall("*".repeat(length));
            case MISSED_CALL -> new AuthSentCodeTypeMissedCall("", length);
        };
    }

    private static AuthCodeType codeType(CodeDelivery next) {
        return switch (next) {
            case SMS -> new AuthCodeTypeSms();
            case CALL -> new AuthCodeTypeCall();
            case FLASH_CALL -> new AuthCodeTypeFlashCall();
            case MISSED_CALL -> new AuthCodeTypeMissedCall();
            case APP -> throw new IllegalArgumentException("auth.CodeType has no app kind");
        };
    }

    TlObject password(TwoFactor twoFactor, byte[] srpB, long srpId, byte[] newSalt1, byte[] newSalt2,
                      byte[] secureSalt, byte[] secureRandom) {
        DhGroup group = DhGroup.TELEGRAM;
        AccountPassword.Builder b = AccountPassword.builder()
            .newAlgo(new PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow(newSalt1, newSalt2,
                group.generator(), group.primeBytes()))
            .newSecureAlgo(new SecurePasswordKdfAlgoPBKDF2HMACSHA512iter100000(secureSalt))
            .secureRandom(secureRandom);
        if (twoFactor != null) {
            b.hasPassword(true)
                .currentAlgo(new PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow(
                    twoFactor.srp().salt1(), twoFactor.srp().salt2(), twoFactor.srp().group().generator(),
                    twoFactor.srp().group().primeBytes()))
                .srpB(srpB).srpId(srpId);
            if (twoFactor.hint() != null) {
                b.hint(twoFactor.hint());
            }
        }
        return b.build();
    }

    TlObject exportedAuthorization(long userId, byte[] bytes) {
        return new AuthExportedAuthorization(userId, bytes);
    }

    TlObject loggedOut() {
        return new AuthLoggedOut(null);
    }

    TlObject authorizations(List<Authorization> list) {
        return new AccountAuthorizations(365, list);
    }

    Authorization authorizationEntry(KeyAuthorization auth, boolean current, int dcId) {
        return Authorization.builder().current(current).hash(current ? 0 : auth.hash())
            .deviceModel("testkit").platform("jvm").systemVersion("mtflux").apiId(0).appName("mtflux testkit")
            .appVersion("1").dateCreated(auth.createdSeconds()).dateActive(auth.createdSeconds())
            .ip("127.0.0.1").country("DC " + dcId).region("").build();
    }

    TlObject fullUser(Account a, boolean self) {
        UserFull full = UserFull.builder().id(a.id()).about(a.about()).settings(PeerSettings.builder().build())
            .notifySettings(PeerNotifySettings.builder().build()).commonChatsCount(0).build();
        return new UsersUserFull(full, List.of(), List.of(user(a, self)));
    }

    TlObject state(int pts, int date) {
        return new UpdatesState(pts, 0, date, 0, 0);
    }

    TlObject loginToken(int expires, byte[] token) {
        return new BaseAuthLoginToken(expires, token);
    }

    TlObject loginTokenMigrateTo(int dcId, byte[] token) {
        return new AuthLoginTokenMigrateTo(dcId, token);
    }

    TlObject loginTokenSuccess(Object authorization) {
        return new AuthLoginTokenSuccess((AuthAuthorization) authorization);
    }

    TlObject updateLoginToken(int date) {
        return new UpdateShort(new UpdateLoginToken(), date);
    }

    /**
     * The answer to messages.sendMessage to Saved Messages, as Telegram gives it for the self chat: not
     * updateShortSentMessage (which clients read as a message to another user) but {@code updates} with
     * updateMessageID (the client's random_id to the new id), then updateNewMessage with the full message, and the
     * user in {@code users}.
     */
    TlObject sentToSelf(Account self, Account.SavedMessage saved, long randomId) {
        return new BaseUpdates(List.of(new UpdateMessageID(saved.id(), randomId),
            new UpdateNewMessage(message(self, saved), saved.pts(), 1)), List.of(user(self, true)), List.of(),
            saved.date(), 0);
    }

    TlObject newSavedMessage(Account self, Account.SavedMessage saved) {
        return new BaseUpdates(List.of(new UpdateNewMessage(message(self, saved), saved.pts(), 1)),
            List.of(user(self, true)), List.of(), saved.date(), 0);
    }

    private static BaseMessage message(Account self, Account.SavedMessage saved) {
        return BaseMessage.builder().out(true).id(saved.id()).fromId(new PeerUser(self.id()))
            .peerId(new PeerUser(self.id())).date(saved.date()).message(saved.text()).build();
    }

    /** updates.differenceTooLong: the client refetches from the account's current pts. */
    TlObject differenceTooLong(Account self) {
        return new UpdatesDifferenceTooLong(self.pts());
    }

    /**
     * updates.getDifference from {@code fromPts}: empty when up to date, tooLong when the log no longer reaches
     * back, else the logged messages (a slice of at most {@code limit}, then the rest on the next call).
     */
    TlObject difference(Account self, int fromPts, int limit, int nowSeconds) {
        int current = self.pts();
        if (fromPts >= current) {
            return new UpdatesDifferenceEmpty(nowSeconds, 0);
        }
        List<Account.SavedMessage> missing = self.messagesAfter(fromPts, limit);
        if (missing == null || missing.isEmpty()) {
            return differenceTooLong(self);
        }
        List<Message> messages = new ArrayList<>(missing.size());
        for (Account.SavedMessage m : missing) {
            messages.add(message(self, m));
        }
        int reached = missing.get(missing.size() - 1).pts();
        UpdatesState state = new UpdatesState(reached, 0, nowSeconds, 0, 0);
        List<User> users = List.of(user(self, true));
        return reached < current
            ? new UpdatesDifferenceSlice(messages, List.of(), List.of(), List.of(), users, state)
            : new BaseUpdatesDifference(messages, List.of(), List.of(), List.of(), users, state);
    }

    TlObject nearestDc(int dcId) {
        return new NearestDc("ZZ", dcId, dcId);
    }

    TlObject config(int thisDc, List<DcEndpoint> endpoints, boolean testMode, int nowSeconds) {
        List<DcOption> options = new ArrayList<>();
        for (DcEndpoint e : endpoints) {
            options.add(new DcOption(e.ipv6(), e.mediaOnly(), false, false, false, false, e.dcId(), e.host(),
                e.port(), null));
        }
        return Config.builder().date(nowSeconds).expires(nowSeconds + 3600).testMode(testMode).thisDc(thisDc)
            .dcOptions(options).dcTxtDomainName("localhost").chatSizeMax(200).megagroupSizeMax(200000)
            .forwardedCountMax(100).onlineUpdatePeriodMs(120000).offlineBlurTimeoutMs(5000)
            .offlineIdleTimeoutMs(30000).onlineCloudTimeoutMs(300000).notifyCloudDelayMs(30000)
            .notifyDefaultDelayMs(1500).pushChatPeriodMs(60000).pushChatLimit(2).editTimeLimit(172800)
            .revokeTimeLimit(172800).revokePmTimeLimit(172800).ratingEDecay(2419200).stickersRecentLimit(200)
            .channelsReadMediaPeriod(604800).callReceiveTimeoutMs(20000).callRingTimeoutMs(90000)
            .callConnectTimeoutMs(30000).callPacketTimeoutMs(10000).meUrlPrefix("https://t.me/")
            .captionLengthMax(1024).messageLengthMax(4096).webfileDcId(thisDc).build();
    }
}
