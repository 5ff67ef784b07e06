package io.mtflux.testkit.api;

import io.mtflux.core.tl.api.InputPeer;
import io.mtflux.core.tl.api.InputPeerSelf;
import io.mtflux.core.tl.api.InputPeerUser;
import io.mtflux.core.tl.api.account.AccountUpdateProfile;
import io.mtflux.core.tl.api.messages.MessagesSendMessage;
import io.mtflux.testkit.server.RequestContext;

/**
 * What a freshly logged-in account does first: write to Saved Messages (the sender gets {@code updates} with
 * updateMessageID and updateNewMessage, as Telegram answers for the self chat; the account's other sessions an
 * updateNewMessage) and edit its profile. A message is executed once per random_id
 * (https://core.telegram.org/method/messages.sendMessage): a second one with a random_id the account already used
 * is answered {@code 400 RANDOM_ID_DUPLICATE} and not written.
 */
final class ProfileMethods {
    private static final int MAX_MESSAGE = 4096;
    private static final int MAX_NAME = 64;
    private static final int MAX_ABOUT = 70;

    private final AccountDatabase db;

    ProfileMethods(AccountDatabase db) {
        this.db = db;
    }

    Object sendMessage(RequestContext ctx, Account self, MessagesSendMessage q) {
        if (!isSelf(self, q.peer())) {
            throw ApiErrors.badRequest("PEER_ID_INVALID");
        }
        String text = q.message();
        if (text.isBlank()) {
            throw ApiErrors.badRequest("MESSAGE_EMPTY");
        }
        if (text.length() > MAX_MESSAGE) {
            throw ApiErrors.badRequest("MESSAGE_TOO_LONG");
        }
        Account.SavedMessage saved = self.saveMessage(text, (int) (db.nowMillis() / 1000), q.randomId());
        if (saved == null) {
            // Telegram's random_id: a message sent again (a re-sent call whose answer was lost) is not sent twice
            throw ApiErrors.badRequest("RANDOM_ID_DUPLICATE");
        }
        db.pushSavedMessage(self, saved, ctx.authorizationKey());
        return ApiObjects.forLayer(ctx.layer()).sentToSelf(self, saved, q.randomId());
    }

    Object updateProfile(RequestContext ctx, Account self, AccountUpdateProfile q) {
        String first = q.firstName() == null ? self.firstName() : q.firstName().strip();
        String last = q.lastName() == null ? self.lastName() : q.lastName().strip();
        if (first.isEmpty() || first.length() > MAX_NAME) {
            throw ApiErrors.badRequest("FIRSTNAME_INVALID");
        }
        if (last.length() > MAX_NAME) {
            throw ApiErrors.badRequest("LASTNAME_INVALID");
        }
        if (q.about() != null && q.about().length() > MAX_ABOUT) {
            throw ApiErrors.badRequest("ABOUT_TOO_LONG");
        }
        self.name(first, last);
        if (q.about() != null) {
            self.about(q.about());
        }
        return ApiObjects.forLayer(ctx.layer()).user(self, true);
    }

    private static boolean isSelf(Account self, InputPeer peer) {
        return peer instanceof InputPeerSelf || peer instanceof InputPeerUser u && u.userId() == self.id();
    }
}
