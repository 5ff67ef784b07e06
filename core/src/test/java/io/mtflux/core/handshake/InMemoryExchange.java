package io.mtflux.core.handshake;

import io.mtflux.core.internal.server.ServerHandshake;
import io.mtflux.core.tl.Tl;
import io.mtflux.core.tl.TlObject;
import io.mtflux.core.tl.TlReader;
import io.mtflux.core.tl.mtproto.ReqDHParams;
import io.mtflux.core.tl.mtproto.ResPQ;
import io.mtflux.core.tl.mtproto.ServerDHParams;
import io.mtflux.core.tl.mtproto.SetClientDHParams;
import io.mtflux.core.tl.mtproto.SetClientDHParamsAnswer;
import reactor.core.publisher.Mono;

/**
 * Runs a client and a server half against each other in memory. Every message goes through its TL bytes, as it
 * would on the wire.
 */
final class InMemoryExchange {

    private InMemoryExchange() {
    }

    record Results(HandshakeResult client, HandshakeResult server, int retries) {
    }

    static Results run(ClientHandshake client, ServerHandshake server) {
        ResPQ resPq = wire(server.onReqPq(wire(client.begin())), ResPQ::read);
        ReqDHParams reqDh = client.onResPq(resPq);
        ServerDHParams dh = wire(server.onReqDhParams(wire(reqDh)), ServerDHParams::read);
        SetClientDHParams set = client.onServerDhParams(dh);
        int retries = 0;
        while (true) {
            SetClientDHParamsAnswer answer = wire(server.onSetClientDhParams(wire(set)),
                SetClientDHParamsAnswer::read);
            DhGenOutcome outcome = client.onDhGenAnswer(answer);
            if (outcome instanceof DhGenOutcome.Done done) {
                return new Results(done.result(), server.result(), retries);
            }
            set = ((DhGenOutcome.Retry) outcome).request();
            retries++;
        }
    }

    /** The same exchange through the {@code Async} variants (CPU work on {@code Schedulers.parallel()}). */
    static Mono<Results> runAsync(ClientHandshake client, ServerHandshake server) {
        return Mono.fromSupplier(() -> wire(server.onReqPq(wire(client.begin())), ResPQ::read))
            .flatMap(client::onResPqAsync)
            .flatMap(req -> server.onReqDhParamsAsync(wire(req)))
            .flatMap(ok -> client.onServerDhParamsAsync(wire(ok, ServerDHParams::read)))
            .flatMap(set -> server.onSetClientDhParamsAsync(wire(set)))
            .flatMap(answer -> client.onDhGenAnswerAsync(wire(answer, SetClientDHParamsAnswer::read)))
            .map(outcome -> new Results(((DhGenOutcome.Done) outcome).result(), server.result(), 0));
    }

    /** Serializes and parses back: the receiver sees only what the wire carries. */
    @SuppressWarnings("unchecked")
    static <T extends TlObject> T wire(T message) {
        return (T) Tl.deserialize(Tl.serialize(message));
    }

    static <T> T wire(TlObject message, TlReader.ElementReader<T> reader) {
        return Tl.deserialize(Tl.serialize(message), reader);
    }
}
