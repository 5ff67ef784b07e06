package io.mtflux.core.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.core.crypto.MtprotoSecurityException;
import io.mtflux.core.crypto.SecurityFailure;
import io.mtflux.core.internal.server.ServerHandshake;
import io.mtflux.core.tl.mtproto.ReqDHParams;
import io.mtflux.core.tl.mtproto.ReqPqMulti;
import io.mtflux.core.tl.mtproto.ResPQ;
import io.mtflux.core.tl.mtproto.ServerDHParamsOk;
import io.mtflux.core.tl.mtproto.SetClientDHParams;
import io.mtflux.core.tl.mtproto.SetClientDHParamsAnswer;
import org.junit.jupiter.api.Test;

/** A client that lost an answer re-sends the identical request and gets the same answer again. */
class ServerReplayTest {

    @Test
    void identicalResendsAreAnsweredFromCache() {
        ClientHandshake client = InMemoryExchangeTest.client(InnerDataVariant.DC, RsaScheme.RSA_PAD);
        ServerHandshake server = InMemoryExchangeTest.server();
        ReqPqMulti reqPq = InMemoryExchange.wire(client.begin());
        ResPQ resPq = server.onReqPq(reqPq);
        assertThat(server.onReqPq(InMemoryExchange.wire(reqPq))).isSameAs(resPq);

        ReqDHParams reqDh = client.onResPq(resPq);
        ServerDHParamsOk ok = server.onReqDhParams(reqDh);
        assertThat(server.onReqDhParams(InMemoryExchange.wire(reqDh))).isSameAs(ok);
        // a stale earlier request is not replayed
        assertThatThrownBy(() -> server.onReqPq(reqPq)).isInstanceOfSatisfying(MtprotoSecurityException.class,
            e -> assertThat(e.reason()).isEqualTo(SecurityFailure.HANDSHAKE_UNEXPECTED_MESSAGE));

        SetClientDHParams set = client.onServerDhParams(ok);
        SetClientDHParamsAnswer answer = server.onSetClientDhParams(set);
        assertThat(server.onSetClientDhParams(InMemoryExchange.wire(set))).isSameAs(answer);
        DhGenOutcome outcome = client.onDhGenAnswer(answer);
        assertThat(((DhGenOutcome.Done) outcome).result().authKey()).isEqualTo(server.result().authKey());
    }

    @Test
    void aDifferentRequestIsNotAReplay() {
        ServerHandshake server = InMemoryExchangeTest.server();
        server.onReqPq(new ReqPqMulti(new byte[16]));
        byte[] other = new byte[16];
        other[0] = 1;
        assertThatThrownBy(() -> server.onReqPq(new ReqPqMulti(other)))
            .isInstanceOf(MtprotoSecurityException.class);
    }
}
