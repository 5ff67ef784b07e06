package io.mtflux.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.core.crypto.MtprotoSecurityException;
import io.mtflux.core.crypto.SecurityFailure;
import io.mtflux.core.internal.session.ProtocolException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** How a failed key exchange is classified, and what the typed connect errors say. */
class DcConnectExceptionTest {

    @Test
    void keyExchangeFailuresAreClassifiedByTheirCause() {
        assertThat(DcConnection.classify(new MtprotoSecurityException(SecurityFailure.HANDSHAKE_UNKNOWN_FINGERPRINT)))
            .isEqualTo(HandshakeFailedException.Reason.UNKNOWN_FINGERPRINT);
        assertThat(DcConnection.classify(new MtprotoSecurityException(SecurityFailure.HANDSHAKE_NONCE_MISMATCH)))
            .isEqualTo(HandshakeFailedException.Reason.SECURITY_CHECK);
        assertThat(DcConnection.classify(new MtprotoSecurityException(SecurityFailure.HANDSHAKE_FAILED, "dh_gen_fail")))
            .isEqualTo(HandshakeFailedException.Reason.SECURITY_CHECK);
        assertThat(DcConnection.classify(new ProtocolException("unexpected pong during the key exchange")))
            .isEqualTo(HandshakeFailedException.Reason.NOT_MTPROTO);
    }

    @Test
    void theMessagesNameTheDcTheAddressAndTheCause() {
        HandshakeFailedException failed = new HandshakeFailedException(2, "::1", 443,
            HandshakeFailedException.Reason.SECURITY_CHECK,
            new MtprotoSecurityException(SecurityFailure.HANDSHAKE_NONCE_MISMATCH));
        assertThat(failed).hasMessage("DC 2 at [::1]:443: a security check of the key exchange failed"
            + " (HANDSHAKE_NONCE_MISMATCH)");
        assertThat(new DcUnreachableException(4, "example.org", 80, new UnknownHostException("example.org")))
            .hasMessage("DC 4: cannot connect to example.org:80: unknown host");
        assertThat(new DcUnreachableException(1, "127.0.0.1", 1, new ConnectException("Connection refused")))
            .hasMessage("DC 1: cannot connect to 127.0.0.1:1: connection refused");
        assertThat(DcUnreachableException.isNetworkFailure(new ConnectException("x"))).isTrue();
        assertThat(DcUnreachableException.isNetworkFailure(new IllegalStateException("x"))).isFalse();
    }
}
