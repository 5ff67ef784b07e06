package io.mtflux.core.client;

import io.mtflux.core.store.UpdateState;
import io.mtflux.core.tl.api.BaseUpdates;
import io.mtflux.core.tl.api.Message;
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
import io.mtflux.core.tl.api.updates.BaseUpdatesDifference;
import io.mtflux.core.tl.api.updates.UpdatesDifference;
import io.mtflux.core.tl.api.updates.UpdatesDifferenceEmpty;
import io.mtflux.core.tl.api.updates.UpdatesDifferenceSlice;
import io.mtflux.core.tl.api.updates.UpdatesDifferenceTooLong;
import io.mtflux.core.tl.api.updates.UpdatesGetDifference;
import io.mtflux.core.tl.api.updates.UpdatesState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Puts the account's updates in sequence (common message box {@code pts}, {@code qts} and {@code seq}) and
 * recovers gaps with {@code updates.getDifference}: an update that follows the known position is applied and
 * emitted; one already seen (its position is behind) is dropped; one that skips ahead starts a recovery, during
 * which later updates wait. The difference is emitted as one {@link BaseUpdates} (new messages first, as
 * {@code updateNewMessage} with {@code pts_count} 0, then the other updates), a {@code differenceSlice} asks
 * again from its intermediate state, {@code differenceEmpty} only moves {@code date} and {@code seq}; the held
 * updates are then checked again (those the difference covered are dropped). {@code differenceTooLong} moves
 * {@code pts} forward (what was skipped is lost: the application refetches its dialogs) and, like a failed
 * {@code getDifference}, lets the held updates through as they are.
 *
 * <p>While the position is unknown (pts 0, no {@code updates.getState} seen yet) every update is accepted and
 * sets it. Recovery starts at once on a gap, without the short wait for out-of-order updates that some clients
 * make: on one connection the server sends in order. Per-channel pts is not tracked.
 *
 * <p>{@link #catchUp()} runs the same recovery on demand, for a client that was not connected for a while (an
 * account woken from parking): the difference since the known position is emitted before any update that arrives
 * meanwhile (those are held as during any recovery). With the position unknown (no pts and no date) it asks
 * {@code updates.getState} instead, which only sets the position (there is nothing to recover from).
 *
 * <p>All state is confined to a serialized drain loop; {@link #offer(Updates)} may be called from any thread.
 */
final class UpdateSequencer {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateSequencer.class);
    /** A local position not known yet: whatever comes is adopted. */
    private static final int UNKNOWN = Integer.MIN_VALUE;
    /** A recovery asks at most this many slices in a row. */
    private static final int MAX_SLICES = 1000;

    private final AtomicReference<UpdateState> state;
    private final Function<UpdatesGetDifference, Mono<UpdatesDifference>> getDifference;
    private final Supplier<Mono<UpdatesState>> getState;
    private final Consumer<Updates> emit;
    private final SerialLoop loop = new SerialLoop(LOG, "update sequencer", () -> { });
    // confined to the drain loop; the deque and the list are made when first needed (most clients never recover)
    private ArrayDeque<Updates> held;
    private boolean recovering;
    private int slices;
    /** Callers of {@link #catchUp()} waiting for the recovery under way to end; null when none. */
    private List<MonoSink<Void>> waiters;

    /**
     * @param state the account's position, read and written here (saved by the client)
     * @param getDifference calls {@code updates.getDifference} on the home DC
     * @param getState calls {@code updates.getState} on the home DC (for {@link #catchUp()} without a position)
     * @param emit receives updates in order, one call at a time
     */
    UpdateSequencer(AtomicReference<UpdateState> state,
                    Function<UpdatesGetDifference, Mono<UpdatesDifference>> getDifference,
                    Supplier<Mono<UpdatesState>> getState, Consumer<Updates> emit) {
        this.state = state;
        this.getDifference = getDifference;
        this.getState = getState;
        this.emit = emit;
    }

    /** A sequencer whose {@link #catchUp()} cannot ask for the state (tests of the gap check). */
    UpdateSequencer(AtomicReference<UpdateState> state,
                    Function<UpdatesGetDifference, Mono<UpdatesDifference>> getDifference, Consumer<Updates> emit) {
        this(state, getDifference, () -> Mono.error(new UnsupportedOperationException("no updates.getState")),
            emit);
    }

    /** An Updates from the server (pushed or inside a result). */
    void offer(Updates updates) {
        execute(() -> onUpdates(updates));
    }

    /**
     * Catches up from the known position: one recovery ({@code updates.getDifference}, slice by slice), whose
     * updates are emitted before any that arrive meanwhile; joins the recovery under way if there is one. Without
     * a known position (neither pts nor date) it asks {@code updates.getState} and adopts the answer (nothing is
     * emitted).
     * Completes once caught up; fails when {@code getDifference} (or {@code getState}) failed, the held updates
     * having been let through as they are.
     */
    Mono<Void> catchUp() {
        return Mono.create(sink -> execute(() -> {
            if (!known(state.get()) && !recovering) {
                getState.get().subscribe(s -> execute(() -> {
                    // updates adopted meanwhile may have set the position: only move forward
                    UpdateState now = current();
                    state.set(new UpdateState(Math.max(now.pts(), s.pts()), Math.max(now.qts(), s.qts()),
                        Math.max(now.date(), s.date()), Math.max(now.seq(), s.seq())));
                    sink.success();
                }), sink::error);
                return;
            }
            if (waiters == null) {
                waiters = new ArrayList<>(2);
            }
            waiters.add(sink);
            if (!recovering) {
                startRecovery();
            }
        }));
    }

    private void execute(Runnable command) {
        loop.execute(command);
    }

    /**
     * Whether {@code s} is a position at all: a state seen in an update, a difference or {@code updates.getState}
     * has a date; pts 0 with a date is the position of an account that never had an update.
     */
    static boolean known(UpdateState s) {
        return s != null && (s.pts() != 0 || s.date() != 0);
    }

    private void onUpdates(Updates updates) {
        if (recovering) {
            hold(updates);
            return;
        }
        switch (check(current(), updates)) {
            case APPLY -> apply(updates);
            case DUPLICATE -> LOG.debug("dropping an update already applied: {}", updates.tlName());
            default -> {
                hold(updates);
                startRecovery();
            }
        }
    }

    private void hold(Updates updates) {
        if (held == null) {
            held = new ArrayDeque<>(4);
        }
        held.add(updates);
    }

    private UpdateState current() {
        UpdateState s = state.get();
        return s == null ? new UpdateState(0, 0, 0, 0) : s;
    }

    private void apply(Updates updates) {
        state.set(UpdateStateTracker.apply(state.get(), updates));
        emit.accept(updates);
    }

    // ------------------------------------------------------------------ gap check

    enum Verdict { APPLY, DUPLICATE, GAP }

    /** Where {@code updates} stands against the position {@code s}. */
    static Verdict check(UpdateState s, Updates updates) {
        // pts 0 of a known position (an account that never had an update) is a position like any other: its
        // first updates, out of order, must not be adopted (the earlier ones would then be dropped as seen)
        int local = known(s) ? s.pts() : UNKNOWN;
        if (updates instanceof UpdateShortMessage m) {
            return ptsStep(local, m.pts(), m.ptsCount());
        }
        if (updates instanceof UpdateShortChatMessage m) {
            return ptsStep(local, m.pts(), m.ptsCount());
        }
        if (updates instanceof UpdateShortSentMessage m) {
            return ptsStep(local, m.pts(), m.ptsCount());
        }
        if (updates instanceof UpdateShort u) {
            return inner(s, List.of(u.update()));
        }
        int seqStart;
        int seq;
        List<Update> list;
        if (updates instanceof BaseUpdates u) {
            seqStart = u.seq();
            seq = u.seq();
            list = u.updates();
        } else if (updates instanceof UpdatesCombined u) {
            seqStart = u.seqStart();
            seq = u.seq();
            list = u.updates();
        } else {
            return Verdict.APPLY; // updatesTooLong and the like carry no position
        }
        if (seq != 0 && s.seq() != 0) {
            if (seqStart > s.seq() + 1) {
                return Verdict.GAP;
            }
            if (seqStart <= s.seq()) {
                return Verdict.DUPLICATE;
            }
        }
        return inner(s, list);
    }

    /**
     * The updates of one container in order: a gap anywhere is a gap; all positioned ones behind is a duplicate,
     * whatever position-less updates ride along (an {@code updateMessageID} beside the {@code updateNewMessage} it
     * names, in the answer to a send that the client has already seen pushed). A container of position-less
     * updates only is news.
     */
    private static Verdict inner(UpdateState s, List<Update> updates) {
        int pts = known(s) ? s.pts() : UNKNOWN;
        int qts = s.qts() == 0 ? UNKNOWN : s.qts();
        boolean positioned = false;
        boolean fresh = false;
        for (Update update : updates) {
            int[] p = ptsOf(update);
            Verdict v;
            if (p != null) {
                v = ptsStep(pts, p[0], p[1]);
                if (v == Verdict.APPLY) {
                    pts = p[0];
                }
            } else {
                int q = qtsOf(update);
                if (q == 0) {
                    continue; // no position: it goes with the container's verdict
                }
                v = ptsStep(qts, q, 1);
                if (v == Verdict.APPLY) {
                    qts = q;
                }
            }
            if (v == Verdict.GAP) {
                return Verdict.GAP;
            }
            positioned = true;
            fresh |= v == Verdict.APPLY;
        }
        return !positioned || fresh ? Verdict.APPLY : Verdict.DUPLICATE;
    }

    private static Verdict ptsStep(int local, int pts, int count) {
        if (local == UNKNOWN || pts == 0) {
            return Verdict.APPLY; // position unknown: adopt
        }
        int expected = local + count;
        if (pts == expected) {
            return Verdict.APPLY;
        }
        return pts < expected ? Verdict.DUPLICATE : Verdict.GAP;
    }

    /** {pts, pts_count} of a common-box update, or null. */
    private static int[] ptsOf(Update update) {
        if (update instanceof UpdateNewMessage u) {
            return new int[] {u.pts(), u.ptsCount()};
        }
        if (update instanceof UpdateDeleteMessages u) {
            return new int[] {u.pts(), u.ptsCount()};
        }
        if (update instanceof UpdateReadHistoryInbox u) {
            return new int[] {u.pts(), u.ptsCount()};
        }
        if (update instanceof UpdateReadHistoryOutbox u) {
            return new int[] {u.pts(), u.ptsCount()};
        }
        if (update instanceof UpdateWebPage u) {
            return new int[] {u.pts(), u.ptsCount()};
        }
        if (update instanceof UpdateReadMessagesContents u) {
            return new int[] {u.pts(), u.ptsCount()};
        }
        if (update instanceof UpdateEditMessage u) {
            return new int[] {u.pts(), u.ptsCount()};
        }
        if (update instanceof UpdateFolderPeers u) {
            return new int[] {u.pts(), u.ptsCount()};
        }
        if (update instanceof UpdatePinnedMessages u) {
            return new int[] {u.pts(), u.ptsCount()};
        }
        return null;
    }

    private static int qtsOf(Update update) {
        if (update instanceof UpdateNewEncryptedMessage u) {
            return u.qts();
        }
        if (update instanceof UpdateBotStopped u) {
            return u.qts();
        }
        if (update instanceof UpdateChatParticipant u) {
            return u.qts();
        }
        if (update instanceof UpdateChannelParticipant u) {
            return u.qts();
        }
        return 0;
    }

    // ------------------------------------------------------------------ recovery

    private void startRecovery() {
        recovering = true;
        slices = 0;
        fetch();
    }

    private void fetch() {
        UpdateState s = current();
        LOG.debug("update gap after pts {} qts {} seq {}: asking for the difference", s.pts(), s.qts(), s.seq());
        getDifference.apply(new UpdatesGetDifference(s.pts(), null, null, s.date(), s.qts(), null))
            .subscribe(diff -> execute(() -> onDifference(diff)),
                error -> execute(() -> onDifferenceFailed(error)));
    }

    private void onDifference(UpdatesDifference diff) {
        UpdateState s = current();
        if (diff instanceof UpdatesDifferenceEmpty empty) {
            state.set(new UpdateState(s.pts(), s.qts(), Math.max(s.date(), empty.date()),
                empty.seq() == 0 ? s.seq() : empty.seq()));
        } else if (diff instanceof BaseUpdatesDifference d) {
            emitDifference(d.newMessages(), d.otherUpdates(), d.users(), d.chats(), d.state());
        } else if (diff instanceof UpdatesDifferenceSlice d) {
            int before = s.pts();
            emitDifference(d.newMessages(), d.otherUpdates(), d.users(), d.chats(), d.intermediateState());
            if (++slices < MAX_SLICES && d.intermediateState().pts() > before) {
                fetch();
                return;
            }
            LOG.warn("updates.getDifference slices stopped advancing at pts {}", d.intermediateState().pts());
        } else if (diff instanceof UpdatesDifferenceTooLong tooLong) {
            LOG.info("the update gap is too long (pts {} -> {}): updates in between are skipped", s.pts(),
                tooLong.pts());
            state.set(new UpdateState(Math.max(s.pts(), tooLong.pts()), s.qts(), s.date(), s.seq()));
            passHeldOn(); // nothing delivered what is held: it goes on as it is
            release(null);
            return;
        }
        finishRecovery();
    }

    private void emitDifference(List<Message> messages, List<Update> others, List<io.mtflux.core.tl.api.User> users,
                                List<io.mtflux.core.tl.api.Chat> chats, UpdatesState next) {
        List<Update> all = new ArrayList<>(messages.size() + others.size());
        for (Message m : messages) {
            all.add(new UpdateNewMessage(m, next.pts(), 0));
        }
        all.addAll(others);
        state.set(new UpdateState(next.pts(), next.qts(), next.date(), next.seq()));
        if (!all.isEmpty()) {
            emit.accept(new BaseUpdates(all, users, chats, next.date(), 0));
        }
    }

    private void onDifferenceFailed(Throwable error) {
        LOG.warn("updates.getDifference failed; passing the held updates on as they are: {}", error.toString());
        passHeldOn();
        release(error);
    }

    /** Ends the recovery by emitting the held updates unchecked (the position moves forward to them). */
    private void passHeldOn() {
        recovering = false;
        Updates next;
        while (held != null && (next = held.poll()) != null) {
            apply(next);
        }
        held = null;
    }

    private void finishRecovery() {
        recovering = false;
        if (held != null) {
            List<Updates> again = new ArrayList<>(held);
            held = null;
            for (Updates u : again) {
                onUpdates(u); // may start another recovery; later ones are held again in order
            }
        }
        if (!recovering) {
            release(null);
        }
    }

    /** Answers the {@link #catchUp()} callers once no recovery runs ({@code error}: the last one failed). */
    private void release(Throwable error) {
        if (waiters == null || recovering) {
            return;
        }
        List<MonoSink<Void>> done = waiters;
        waiters = null;
        for (MonoSink<Void> sink : done) {
            if (error == null) {
                sink.success();
            } else {
                sink.error(error);
            }
        }
    }
}
