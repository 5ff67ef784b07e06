package io.mtflux.core.session;

import io.mtflux.core.tl.TlMethod;
import java.util.Objects;

/**
 * A request waiting for its answer: the method (to decode the result), its serialized body (wrappers included, so
 * a resend is byte-identical), where the answer goes, and how often it was re-sent. Outside this package it is an
 * opaque handle for {@link ClientSession#cancel(PendingRequest)}; its msg_id changes when it is re-sent.
 */
public final class PendingRequest {
    final TlMethod<?> method;
    final byte[] body;
    final RequestSink sink;
    final boolean contentRelated;
    long msgId;
    int seqNo;
    /** The container the request last went out in, or 0. */
    long containerId;
    int sends;
    boolean sent;

    PendingRequest(TlMethod<?> method, byte[] body, RequestSink sink, boolean contentRelated) {
        this.method = Objects.requireNonNull(method, "method");
        this.body = body;
        this.sink = sink;
        this.contentRelated = contentRelated;
    }
}
