package io.mtflux.testkit.server;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one DC did with auth keys, for tests to check PFS against (an observation of the real server, not a mock):
 * every accepted encrypted message with the key that encrypted it ({@link KeyUse}), and counters of keys created,
 * bindings and expiries. Thread-safe. The log keeps the latest {@value #CAPACITY} uses (a long-running cluster does
 * not grow without bound); the counters count everything.
 */
public final class KeyLog {
    /** How many uses the log keeps; older ones are dropped first. */
    public static final int CAPACITY = 65_536;

    private final Queue<KeyUse> uses = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong permanentKeysCreated = new AtomicLong();
    private final AtomicLong temporaryKeysCreated = new AtomicLong();
    private final AtomicLong bindings = new AtomicLong();
    private final AtomicLong expiries = new AtomicLong();

    KeyLog() {
    }

    void used(ServerAuthKey key, long sessionId, long msgId) {
        ServerAuthKey permanent = key.boundPermanent();
        ServerAuthKey temporary = key.boundTemporary();
        uses.add(new KeyUse(key.id(), key.temporary(), permanent == null ? 0 : permanent.id(),
            temporary == null ? 0 : temporary.id(), sessionId, msgId));
        recorded.incrementAndGet();
        if (size.incrementAndGet() > CAPACITY && uses.poll() != null) {
            size.decrementAndGet();
        }
    }

    void created(ServerAuthKey key) {
        (key.temporary() ? temporaryKeysCreated : permanentKeysCreated).incrementAndGet();
    }

    void bound() {
        bindings.incrementAndGet();
    }

    void expired() {
        expiries.incrementAndGet();
    }

    /** @return the latest uses (at most {@value #CAPACITY}), oldest first */
    public List<KeyUse> uses() {
        return List.copyOf(uses);
    }

    /**
     * @param authKeyId a key id
     * @return the latest uses of that key, oldest first
     */
    public List<KeyUse> usesOf(long authKeyId) {
        return uses.stream().filter(u -> u.authKeyId() == authKeyId).toList();
    }

    /** @return how many uses were recorded in all (the log may have dropped the oldest) */
    public long usesRecorded() {
        return recorded.get();
    }

    /** @return permanent keys created by key exchanges on this DC */
    public long permanentKeysCreated() {
        return permanentKeysCreated.get();
    }

    /** @return temporary keys created by key exchanges on this DC ({@code p_q_inner_data_temp(_dc)}) */
    public long temporaryKeysCreated() {
        return temporaryKeysCreated.get();
    }

    /** @return successful auth.bindTempAuthKey calls */
    public long bindings() {
        return bindings.get();
    }

    /** @return temporary keys forgotten because they expired */
    public long expiries() {
        return expiries.get();
    }

    /** Forgets the recorded uses (the counters stay). */
    public void clearUses() {
        uses.clear();
        size.set(0);
    }

    @Override
    public String toString() {
        return "KeyLog{uses=" + recorded.get() + ", permanentKeys=" + permanentKeysCreated.get() + ", temporaryKeys="
            + temporaryKeysCreated.get() + ", bindings=" + bindings.get() + ", expiries=" + expiries.get() + "}";
    }
}
