package io.mtflux.core.internal.session;

import io.mtflux.core.tl.TlMethod;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * A request waiting for its answer: the method (to decode the result), its serialized body (wrappers included, so
 * a resend is byte-identical), where the answer goes, and how often it was re-sent. Outside this package it is an
 * opaque handle for {@link MessageSession#cancel(PendingRequest)}; its msg_id changes when it is re-sent (the
 * earlier ones are kept, so a late answer to one of them still completes it). A body that names its own msg_id
 * (auth.bindTempAuthKey) is built again for each new msg_id.
 */
public final class PendingRequest {
    final TlMethod<?> method;
    /** Builds the body for the msg_id it goes out under, or null when the body is fixed. */
    final LongFunction<byte[]> bodyForMsgId;
    byte[] body;
    final RequestSink sink;
    final boolean contentRelated;
    long msgId;
    int seqNo;
    /** The container the request last went out in, or 0. */
    long containerId;
    int sends;
    boolean sent;
    /** How many times the request went out in a packet (under any msg_id). */
    int transmissions;
    /** The session_id it was last queued in. */
    long sessionId;
    /** The msg_ids it went out under before its current one (an answer to any of them is its answer), or null. */
    long[] earlierMsgIds;

    PendingRequest(TlMethod<?> method, byte[] body, RequestSink sink, boolean contentRelated) {
        this.method = Objects.requireNonNull(method, "method");
        this.bodyForMsgId = null;
        this.body = body;
        this.sink = sink;
        this.contentRelated = contentRelated;
    }

    PendingRequest(TlMethod<?> method, LongFunction<byte[]> bodyForMsgId, RequestSink sink) {
        this.method = Objects.requireNonNull(method, "method");
        this.bodyForMsgId = Objects.requireNonNull(bodyForMsgId, "bodyForMsgId");
        this.sink = sink;
        this.contentRelated = true;
    }
}
