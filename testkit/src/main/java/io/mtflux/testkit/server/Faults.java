package io.mtflux.testkit.server;

import io.mtflux.core.rpc.RpcException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults a test injects into a running {@link MtprotoServer}: answers that fail with an rpc_error, replies
 * delayed or dropped, a skewed clock. Connection-level faults (drop connections, forget sessions or keys, rotate
 * the salt) are methods of the server itself.
 */
public final class Faults {
    private final Map<String, ErrorInjection> errors = new ConcurrentHashMap<>();
    private volatile Duration replyDelay = Duration.ZERO;
    private final AtomicInteger repliesToDrop = new AtomicInteger();
    private final AtomicInteger pushesToDrop = new AtomicInteger();
    private volatile long clockSkewMillis;
    private final java.util.Queue<Tamper> tampering = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Map<Tamper, AtomicInteger> fired = new ConcurrentHashMap<>();

    /** Ways to spoil the next encrypted packets the server sends (bad input for the client). */
    public enum Tamper {
        /** A flipped ciphertext byte: the client's msg_key check fails. */
        CORRUPT_MSG_KEY,
        /** Encrypted for another session id. */
        WRONG_SESSION,
        /** A msg_container claiming a million messages. */
        OVERSIZED_CONTAINER,
        /** Bytes that are no TL object at all. */
        MALFORMED_TL,
        /** The same packet sent twice (a replayed msg_id). */
        REPLAY
    }

    private record ErrorInjection(RpcException error, AtomicInteger remaining) {
    }

    /**
     * The next {@code times} calls of the method with TL name {@code tlName} (e.g. {@code help.getNearestDc}, or
     * {@code *} for any) fail with {@code error} (e.g. {@code RpcException.of(420, "FLOOD_WAIT_2")}).
     *
     * @param tlName the method's TL name, or {@code *}
     * @param times how many calls fail
     * @param error what they fail with
     * @return these faults, for chaining
     */
    public Faults failNext(String tlName, int times, RpcException error) {
        errors.put(tlName, new ErrorInjection(error, new AtomicInteger(times)));
        return this;
    }

    /**
     * Every reply is sent this much later (zero to stop).
     *
     * @param delay the delay, zero for none
     * @return these faults, for chaining
     */
    public Faults delayReplies(Duration delay) {
        replyDelay = delay;
        return this;
    }

    /**
     * The next {@code count} replies are computed but never sent (the client must re-ask after a reconnect).
     *
     * @param count how many replies to drop
     * @return these faults, for chaining
     */
    public Faults dropReplies(int count) {
        repliesToDrop.set(count);
        return this;
    }

    /**
     * The next {@code count} pushed messages (updates a handler sends with {@code RequestContext.push}) are lost
     * instead of sent: the client sees a gap in pts or seq.
     *
     * @param count how many pushed messages to drop
     * @return these faults, for chaining
     */
    public Faults dropPushes(int count) {
        pushesToDrop.set(count);
        return this;
    }

    /**
     * The server's clock runs this much ahead (negative: behind) of the real one.
     *
     * @param skew how far ahead the server's clock runs
     * @return these faults, for chaining
     */
    public Faults clockSkew(Duration skew) {
        clockSkewMillis = skew.toMillis();
        return this;
    }

    /**
     * Spoils the next outgoing packet in the given way (call several times to queue several).
     *
     * @param tamper how to spoil the packet
     * @return these faults, for chaining
     */
    public Faults tamperNext(Tamper tamper) {
        tampering.add(tamper);
        return this;
    }

    /**
     * How many packets the server has spoiled in this way since it started (a queued tamper fires on the next
     * encrypted packet the server sends), so a test can check that each tamper it queued was met.
     *
     * @param tamper the way
     * @return how many packets were spoiled so
     */
    public int tampersFired(Tamper tamper) {
        AtomicInteger n = fired.get(tamper);
        return n == null ? 0 : n.get();
    }

    /**
     * How many queued tampers have not fired yet.
     *
     * @return the number still queued
     */
    public int tampersPending() {
        return tampering.size();
    }

    /**
     * Clears every fault (the counts of what fired stay).
     *
     * @return these faults, for chaining
     */
    public Faults reset() {
        tampering.clear();
        errors.clear();
        replyDelay = Duration.ZERO;
        repliesToDrop.set(0);
        pushesToDrop.set(0);
        clockSkewMillis = 0;
        return this;
    }

    RpcException injectedError(String tlName) {
        for (String key : new String[] {tlName, "*"}) {
            ErrorInjection injection = errors.get(key);
            if (injection != null && injection.remaining().getAndDecrement() > 0) {
                return injection.error();
            }
        }
        return null;
    }

    Duration replyDelay() {
        return replyDelay;
    }

    Tamper nextTamper() {
        return tampering.poll();
    }

    void fired(Tamper tamper) {
        fired.computeIfAbsent(tamper, t -> new AtomicInteger()).incrementAndGet();
    }

    boolean dropReply() {
        return repliesToDrop.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    boolean dropPush() {
        return pushesToDrop.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    long nowMillis() {
        return System.currentTimeMillis() + clockSkewMillis;
    }
}
