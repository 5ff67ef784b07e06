package io.mtflux.core.client;

import io.mtflux.core.store.UpdateState;
import io.mtflux.core.tl.api.BaseUpdates;
import io.mtflux.core.tl.api.Update;
import io.mtflux.core.tl.api.UpdateBotStopped;
import io.mtflux.core.tl.api.UpdateChannelParticipant;
import io.mtflux.core.tl.api.UpdateChatParticipant;
import io.mtflux.core.tl.api.UpdateDeleteMessages;
import io.mtflux.core.tl.api.UpdateEditMessage;
import io.mtflux.core.tl.api.UpdateFolderPeers;
import io.mtflux.core.tl.api.UpdateNewEncryptedMessage;
import io.mtflux.core.tl.api.UpdateNewMessage;
import io.mtflux.core.tl.api.UpdatePinnedMessages;
import io.mtflux.core.tl.api.UpdateReadHistoryInbox;
import io.mtflux.core.tl.api.UpdateReadHistoryOutbox;
import io.mtflux.core.tl.api.UpdateReadMessagesContents;
import io.mtflux.core.tl.api.UpdateShort;
import io.mtflux.core.tl.api.UpdateShortChatMessage;
import io.mtflux.core.tl.api.UpdateShortMessage;
import io.mtflux.core.tl.api.UpdateShortSentMessage;
import io.mtflux.core.tl.api.UpdateWebPage;
import io.mtflux.core.tl.api.Updates;
import io.mtflux.core.tl.api.UpdatesCombined;

/**
 * Folds {@code Updates} into the account's update state: the common message box {@code pts} (not the per-channel
 * ones), {@code qts}, {@code seq} and {@code date}, each only moving forward. {@link UpdateSequencer} decides
 * first whether an update is next in line (gaps are recovered there).
 */
final class UpdateStateTracker {
    private UpdateStateTracker() {
    }

    /** The state after {@code updates}; {@code current} may be null (nothing known yet). */
    static UpdateState apply(UpdateState current, Updates updates) {
        UpdateState s = current == null ? new UpdateState(0, 0, 0, 0) : current;
        if (updates instanceof UpdateShortMessage m) {
            return forward(s, m.pts(), 0, 0, m.date());
        }
        if (updates instanceof UpdateShortChatMessage m) {
            return forward(s, m.pts(), 0, 0, m.date());
        }
        if (updates instanceof UpdateShortSentMessage m) {
            return forward(s, m.pts(), 0, 0, m.date());
        }
        if (updates instanceof UpdateShort u) {
            return forward(one(s, u.update()), 0, 0, 0, u.date());
        }
        if (updates instanceof BaseUpdates u) {
            for (Update update : u.updates()) {
                s = one(s, update);
            }
            return forward(s, 0, 0, u.seq(), u.date());
        }
        if (updates instanceof UpdatesCombined u) {
            for (Update update : u.updates()) {
                s = one(s, update);
            }
            return forward(s, 0, 0, u.seq(), u.date());
        }
        return s;
    }

    /** One update inside an Updates container: its common-box pts or its qts. */
    private static UpdateState one(UpdateState s, Update update) {
        int pts = 0;
        int qts = 0;
        if (update instanceof UpdateNewMessage u) {
            pts = u.pts();
        } else if (update instanceof UpdateDeleteMessages u) {
            pts = u.pts();
        } else if (update instanceof UpdateReadHistoryInbox u) {
            pts = u.pts();
        } else if (update instanceof UpdateReadHistoryOutbox u) {
            pts = u.pts();
        } else if (update instanceof UpdateWebPage u) {
            pts = u.pts();
        } else if (update instanceof UpdateReadMessagesContents u) {
            pts = u.pts();
        } else if (update instanceof UpdateEditMessage u) {
            pts = u.pts();
        } else if (update instanceof UpdateFolderPeers u) {
            pts = u.pts();
        } else if (update instanceof UpdatePinnedMessages u) {
            pts = u.pts();
        } else if (update instanceof UpdateNewEncryptedMessage u) {
            qts = u.qts();
        } else if (update instanceof UpdateBotStopped u) {
            qts = u.qts();
        } else if (update instanceof UpdateChatParticipant u) {
            qts = u.qts();
        } else if (update instanceof UpdateChannelParticipant u) {
            qts = u.qts();
        }
        return forward(s, pts, qts, 0, 0);
    }

    private static UpdateState forward(UpdateState s, int pts, int qts, int seq, int date) {
        return new UpdateState(Math.max(s.pts(), pts), Math.max(s.qts(), qts), Math.max(s.date(), date),
            Math.max(s.seq(), seq));
    }
}
