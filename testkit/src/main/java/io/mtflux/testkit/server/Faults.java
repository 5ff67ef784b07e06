package io.mtflux.testkit.server;

import io.mtflux.core.rpc.RpcException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults a test injects into a running {@link MtprotoServer}: answers that fail with an rpc_error (before or after
 * the call was executed), replies delayed or dropped, a skewed clock, transport floods ({@code -429}) and
 * connections that are accepted but never answered. Faults of the connections already open (drop them, black-hole
 * them, leave them half-open, forget sessions or keys, rotate the salt) are methods of the server itself.
 */
public final class Faults {
    private final Map<String, ErrorInjection> errors = new ConcurrentHashMap<>();
    private final Map<String, ErrorInjection> errorsAfterExecuting = new ConcurrentHashMap<>();
    private volatile Duration replyDelay = Duration.ZERO;
    private final AtomicInteger repliesToDrop = new AtomicInteger();
    private final AtomicInteger pushesToDrop = new AtomicInteger();
    private volatile long clockSkewMillis;
    private final java.util.Queue<Tamper> tampering = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicInteger floodsToSend = new AtomicInteger();
    private final AtomicInteger floodsSent = new AtomicInteger();
    private final AtomicInteger connectionsToBlackHole = new AtomicInteger();
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
     * The next {@code times} calls of the method with TL name {@code tlName} ({@code *} for any) that succeed are
     * executed, their effects kept, and then answered with {@code error} instead of their result: a server that
     * failed after doing the work (a 500 after the message was sent). A client that retries such a call must not
     * do the work twice (e.g. {@code messages.sendMessage} is then answered {@code RANDOM_ID_DUPLICATE}). Calls
     * that fail anyway ({@link #failNext}, or the handler's own error) do not count here.
     *
     * @param tlName the method's TL name, or {@code *}
     * @param times how many calls are answered with the error
     * @param error what they are answered with
     * @return these faults, for chaining
     */
    public Faults failNextAfterExecuting(String tlName, int times, RpcException error) {
        errorsAfterExecuting.put(tlName, new ErrorInjection(error, new AtomicInteger(times)));
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
     * The next {@code packets} packets the server receives (on any connection) are not handled: each is answered
     * with the 4-byte transport error {@code -429}, as Telegram answers a client that floods a connection, and its
     * connection is closed. The client must back off before it reconnects and send its calls again.
     *
     * @param packets how many packets to answer with {@code -429}
     * @return these faults, for chaining
     */
    public Faults transportFlood(int packets) {
        floodsToSend.set(nonNegative(packets, "packets"));
        return this;
    }

    /** {@return how many {@code -429} transport errors the server has sent (since it was built)} */
    public int transportFloodsSent() {
        return floodsSent.get();
    }

    /**
     * The next {@code connections} connections the server accepts are black holes: the server reads what they
     * carry and never answers or closes them (no key exchange, no pong, no transport error). Only the client's
     * keepalive can notice; {@link MtprotoServer#blackHole()} does the same to the connections already open.
     *
     * @param connections how many new connections to black-hole
     * @return these faults, for chaining
     */
    public Faults blackHoleNewConnections(int connections) {
        connectionsToBlackHole.set(nonNegative(connections, "connections"));
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
        errorsAfterExecuting.clear();
        replyDelay = Duration.ZERO;
        repliesToDrop.set(0);
        pushesToDrop.set(0);
        clockSkewMillis = 0;
        floodsToSend.set(0);
        connectionsToBlackHole.set(0);
        return this;
    }

    private static int nonNegative(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
        return value;
    }

    boolean takeTransportFlood() {
        if (floodsToSend.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            floodsSent.incrementAndGet();
            return true;
        }
        return false;
    }

    boolean takeBlackHoledConnection() {
        return connectionsToBlackHole.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    RpcException injectedError(String tlName) {
        return injected(errors, tlName);
    }

    boolean failsAfterExecuting() {
        return !errorsAfterExecuting.isEmpty();
    }

    RpcException injectedErrorAfterExecuting(String tlName) {
        return injected(errorsAfterExecuting, tlName);
    }

    private static RpcException injected(Map<String, ErrorInjection> injections, String tlName) {
        for (String key : new String[] {tlName, "*"}) {
            ErrorInjection injection = injections.get(key);
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
